package hub.citybrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A department's client secret rotates: the new one is handed out once, the old one stops working at once. */
@ExtendWith(EmbeddedStack.class)
@DisplayName("Rotating a department's credentials")
class CredentialRotationIT {

    static final String TOKEN_URL = EmbeddedStack.issuer() + "/protocol/openid-connect/token";

    static String rotate(String code) {
        return EmbeddedStack.gateway() + "/api/v1/departments/" + code + "/credentials/rotate";
    }

    static Http.Response tokenRequest(String clientId, String secret) {
        return Http.form(TOKEN_URL, Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", secret));
    }

    @Test
    @DisplayName("by the department itself: the old secret gets 401 from Keycloak, the new one a token that queries")
    void shouldReplaceTheSecretAtOnce() {
        String admin = Tokens.clientCredentials(DepartmentOnboardingIT.ADMIN);
        var registered = DepartmentOnboardingIT.registerOwn(admin, "e2e-rotate-");
        String code = registered.code();
        String oldSecret = registered.secret();
        String token = registered.token();

        Http.Response rotated = Http.post(rotate(code), token, "", Map.of());

        assertThat(rotated.status()).as("rotate: %s", rotated.raw()).isEqualTo(200);
        String newSecret = rotated.body().path("clientSecret").asText();
        assertThat(newSecret).isNotBlank().isNotEqualTo(oldSecret);
        Http.Response old = tokenRequest(code, oldSecret);
        assertThat(old.status()).as("old secret: %s", old.raw()).isEqualTo(401);
        assertThat(old.raw()).doesNotContain("access_token");
        String renewed = Tokens.clientCredentials(code, newSecret);
        Http.Response answer = DepartmentOnboardingIT.query(renewed);
        assertThat(answer.status()).as("query with the new secret's token: %s", answer.raw()).isEqualTo(200);

        // audited: who and when, and the secret is not shown again
        Http.Response readBack = Http.get(EmbeddedStack.gateway() + "/api/v1/departments/" + code, admin);
        assertThat(readBack.body().path("lastCredentialRotation").path("by").asText()).isEqualTo(code);
        assertThat(readBack.body().path("lastCredentialRotation").path("at").asText()).isNotBlank();
        assertThat(readBack.raw()).doesNotContain(newSecret);
    }

    @Test
    @DisplayName("by a hub admin; another department gets 403, an unknown one 404")
    void shouldLetOnlyTheAdminOrTheDepartmentRotate() {
        String admin = Tokens.clientCredentials(DepartmentOnboardingIT.ADMIN);
        var registered = DepartmentOnboardingIT.registerOwn(admin, "e2e-rotate-");
        String code = registered.code();

        Http.Response other = Http.post(rotate(code), Tokens.clientCredentials("gaoyou.civil-affairs"), "", Map.of());
        assertThat(other.status()).as(other.raw()).isEqualTo(403);
        assertThat(other.body().path("code").asText()).isEqualTo("NOT_OWN_DEPARTMENT");
        assertThat(registered.token()).as("the secret is untouched").isNotBlank();

        Http.Response unknown = Http.post(rotate("e2e-nobody-" + UUID.randomUUID().toString().substring(0, 8)), admin,
                "", Map.of());
        assertThat(unknown.status()).as(unknown.raw()).isEqualTo(404);
        assertThat(unknown.body().path("code").asText()).isEqualTo("DEPARTMENT_NOT_FOUND");

        Http.Response byAdmin = Http.post(rotate(code), admin, "", Map.of());
        assertThat(byAdmin.status()).as(byAdmin.raw()).isEqualTo(200);
        assertThat(tokenRequest(code, registered.secret()).status()).isEqualTo(401);
        assertThat(Tokens.clientCredentials(code, byAdmin.body().path("clientSecret").asText())).isNotBlank();
        Http.Response readBack = Http.get(EmbeddedStack.gateway() + "/api/v1/departments/" + code, admin);
        assertThat(readBack.body().path("lastCredentialRotation").path("by").asText())
                .isEqualTo(DepartmentOnboardingIT.ADMIN);
    }
}
