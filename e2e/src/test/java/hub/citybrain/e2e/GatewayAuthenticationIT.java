package hub.citybrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import hub.citybrain.devstack.world.DemoWorld;

/** Only a valid, current token from the citybrain realm gets in, at the gateway and at each service. */
@ExtendWith(EmbeddedStack.class)
@DisplayName("Authentication at the gateway and at the services")
class GatewayAuthenticationIT {

    static final Map<String, Object> QUERY = Map.of("subjectType", "PERSON",
            "subjectKey", DemoWorld.SHOWCASE_ID_NUMBER, "fields", List.of("name"), "purpose", "SUBSISTENCE_REVIEW");

    static void assertUnauthenticated(Http.Response response) {
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().path("code").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(response.raw()).doesNotContain("Exception").doesNotContain("at hub.");
    }

    @Test
    @DisplayName("no token: 401 problem+json")
    void shouldRejectMissingToken() {
        assertUnauthenticated(Http.post(EmbeddedStack.gateway() + "/api/v1/queries", null, QUERY, Map.of()));
        assertUnauthenticated(Http.get(EmbeddedStack.gateway() + "/api/v1/catalog/resources", null));
        assertUnauthenticated(Http.get(EmbeddedStack.gateway() + "/api/v1/agreements", null));
    }

    @Test
    @DisplayName("a token signed by another key: 401 problem+json")
    void shouldRejectTokenSignedByAnotherKey() throws Exception {
        // Same header (kid) and claims as a real token, but signed with a key Keycloak never issued.
        String real = Tokens.clientCredentials("gaoyou.civil-affairs");
        String[] parts = real.split("\\.");
        JsonNode header = Http.JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        JWTClaimsSet claims = JWTClaimsSet.parse(new String(Base64.getUrlDecoder().decode(parts[1])));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(header.path("kid").asText()).build(), claims);
        forged.sign(new RSASSASigner((RSAPrivateKey) generator.generateKeyPair().getPrivate()));

        assertUnauthenticated(Http.post(EmbeddedStack.gateway() + "/api/v1/queries", forged.serialize(), QUERY,
                Map.of()));
        // and the real token itself is fine, so the refusal is the signature's doing
        assertThat(Http.post(EmbeddedStack.gateway() + "/api/v1/queries", real, QUERY, Map.of()).status())
                .isEqualTo(200);
    }

    @Test
    @DisplayName("an expired token: 401 problem+json")
    void shouldRejectExpiredToken() throws Exception {
        String clientId = "e2e-short-lived-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = createShortLivedClient(clientId);
        String token = Tokens.clientCredentials(clientId, secret);
        long exp = Http.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).path("exp").asLong();
        // expiry plus the services' clock skew (5 s) plus a margin
        long waitMillis = exp * 1000 + 7_000 - System.currentTimeMillis();
        Thread.sleep(Math.max(0, waitMillis));

        assertUnauthenticated(Http.post(EmbeddedStack.gateway() + "/api/v1/queries", token, QUERY, Map.of()));
    }

    @Test
    @DisplayName("a direct call to a service without a token: 401 (the gateway is not the only wall)")
    void shouldRejectDirectServiceCallsWithoutToken() {
        assertUnauthenticated(Http.post("http://127.0.0.1:" + EmbeddedStack.SHARING + "/api/v1/queries", null,
                QUERY, Map.of()));
        assertUnauthenticated(Http.get("http://127.0.0.1:" + EmbeddedStack.REGISTRY + "/api/v1/agreements", null));
    }

    @Test
    @DisplayName("a valid token without the query role: 403 problem+json")
    void shouldForbidQueriesWithoutQueryRole() {
        String provider = Tokens.clientCredentials("national.population-registry");
        Http.Response response = Http.post(EmbeddedStack.gateway() + "/api/v1/queries", provider, QUERY, Map.of());

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body().path("code").asText()).isEqualTo("FORBIDDEN");
    }

    @Test
    @DisplayName("client-supplied identity headers do not change who the caller is")
    void shouldIgnoreForgedIdentityHeaders() {
        String township = Tokens.clientCredentials("chelu.township-office");
        // The township office has no agreement for householdAddress; the county bureau has. A forged header
        // claiming to be the county bureau must not help.
        Http.Response response = Http.post(EmbeddedStack.gateway() + "/api/v1/queries", township,
                Map.of("subjectType", "PERSON", "subjectKey", DemoWorld.SHOWCASE_ID_NUMBER,
                        "fields", List.of("householdAddress"), "purpose", "SUBSISTENCE_REVIEW"),
                Map.of("X-Citybrain-Dept", "gaoyou.civil-affairs", "X-User-Id", "hub-admin"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().path("fields").has("householdAddress")).isFalse();
        assertThat(response.body().path("denied").get(0).path("reason").asText()).isEqualTo("NO_AGREEMENT");
    }

    /** Creates, through Keycloak's admin API, a department-like client whose tokens live one second. */
    private static String createShortLivedClient(String clientId) throws Exception {
        Properties secrets = new Properties();
        try (var in = Files.newBufferedReader(EmbeddedStack.home().resolve("secrets.env"))) {
            secrets.load(in);
        }
        String adminPassword = secrets.getProperty("KC_ADMIN_PASSWORD");
        Http.Response admin = Http.form(EmbeddedStack.keycloak() + "/realms/master/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin",
                        "password", adminPassword));
        assertThat(admin.status()).as("admin token: %s", admin.raw()).isEqualTo(200);
        String adminToken = admin.body().path("access_token").asText();

        String secret = "e2e-" + UUID.randomUUID();
        Map<String, Object> client = Map.of(
                "clientId", clientId, "enabled", true, "publicClient", false, "secret", secret,
                "serviceAccountsEnabled", true, "standardFlowEnabled", false,
                "attributes", Map.of("access.token.lifespan", "1"),
                "protocolMappers", List.of(Map.of("name", "audience", "protocol", "openid-connect",
                        "protocolMapper", "oidc-audience-mapper",
                        "config", Map.of("included.custom.audience", "citybrain-hub",
                                "access.token.claim", "true"))));
        Http.Response created = Http.post(EmbeddedStack.keycloak() + "/admin/realms/citybrain/clients", adminToken,
                client, Map.of());
        assertThat(created.status()).as("create client: %s", created.raw()).isEqualTo(201);
        return secret;
    }
}
