package hub.citybrain.e2e;

import java.util.Map;

/** Real tokens from the running Keycloak, for the demo realm's department clients (demo secrets). */
final class Tokens {

    static String clientCredentials(String clientId) {
        return clientCredentials(clientId, "demo-secret-" + clientId);
    }

    static String clientCredentials(String clientId, String secret) {
        Http.Response response = Http.form(EmbeddedStack.issuer() + "/protocol/openid-connect/token", Map.of(
                "grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
        if (response.status() != 200) {
            throw new IllegalStateException("token for " + clientId + ": " + response.status() + " " + response.raw());
        }
        return response.body().get("access_token").asText();
    }

    /** A user's token by password grant on the realm's public client (demo users only, e.g. {@code auditor}). */
    static String password(String username, String password) {
        Http.Response response = Http.form(EmbeddedStack.issuer() + "/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "citybrain-cli", "username", username, "password", password));
        if (response.status() != 200) {
            throw new IllegalStateException("token for " + username + ": " + response.status() + " " + response.raw());
        }
        return response.body().get("access_token").asText();
    }

    static String auditor() {
        return password("auditor", "demo-auditor-password");
    }

    private Tokens() {
    }
}
