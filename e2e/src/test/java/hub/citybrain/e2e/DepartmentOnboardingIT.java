package hub.citybrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import hub.citybrain.devstack.world.DemoWorld;
import hub.citybrain.devstack.world.Person;

/** The hub administrator onboards a department; its new Keycloak client can query at once, until deactivated. */
@ExtendWith(EmbeddedStack.class)
@DisplayName("Onboarding a department creates its Keycloak client")
class DepartmentOnboardingIT {

    static final String ADMIN = "hub.data-authority";
    static final String SUBJECT = "321084196803151313";
    static final String TOKEN_URL = EmbeddedStack.issuer() + "/protocol/openid-connect/token";

    @Test
    @DisplayName("a new township consumer gets a client whose tokens carry its claims and let it query; deactivated, it gets none")
    void shouldOnboardQueryAndDeactivate() throws Exception {
        String admin = Tokens.clientCredentials(ADMIN);
        String code = "e2e-town-" + UUID.randomUUID().toString().substring(0, 8);

        Http.Response registered = register(admin, code);
        assertThat(registered.status()).as("register: %s", registered.raw()).isEqualTo(201);
        assertThat(registered.body().path("clientProvisioning").asText()).isEqualTo("CREATED");
        String secret = registered.body().path("clientSecret").asText();
        assertThat(secret).isNotBlank();

        // a real client-credentials token from Keycloak, with the department's claims, audience and role
        String token = Tokens.clientCredentials(code, secret);
        JsonNode claims = Http.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(claims.path("dept").asText()).isEqualTo(code);
        assertThat(claims.path("level").asText()).isEqualTo("TOWNSHIP");
        assertThat(claims.path("region").asText()).isEqualTo("321084");
        JsonNode aud = claims.path("aud");
        assertThat(aud.isArray() ? aud.toString() : aud.asText()).contains("citybrain-hub");
        assertThat(claims.path("realm_access").path("roles").toString()).contains("dept:query")
                .doesNotContain("dept:provide").doesNotContain("hub:admin");

        // the secret is handed out once: the department as read back has none
        Http.Response readBack = Http.get(EmbeddedStack.gateway() + "/api/v1/departments/" + code, admin);
        assertThat(readBack.status()).isEqualTo(200);
        assertThat(readBack.raw()).doesNotContain(secret);

        // an agreement in force at once (unconditional fields, recorded by the admin on the department's behalf)
        Instant now = Instant.now();
        Http.Response agreement = Http.post(EmbeddedStack.gateway() + "/api/v1/agreements", admin, Map.of(
                "consumer", code, "resourceId", "res-national-population-person",
                "fields", List.of("name", "birthDate"),
                "purpose", Map.of("code", "SUBSISTENCE_REVIEW", "text", "最低生活保障资格复核"),
                "legalBasis", "《社会救助暂行办法》第十一条",
                "validFrom", now.minus(Duration.ofDays(1)).toString(),
                "validUntil", now.plus(Duration.ofDays(365)).toString(),
                "dailyQuota", 100), Map.of());
        assertThat(agreement.status()).as("agreement: %s", agreement.raw()).isEqualTo(201);

        Person person = DemoWorld.generate().persons().stream().filter(p -> p.idNumber().equals(SUBJECT))
                .findFirst().orElseThrow();
        // the sharing service learns the agreement from the registry's topic
        JsonNode answer = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> query(token).body(), body -> body != null && body.path("fields").has("name"));
        assertThat(answer.path("fields").path("name").path("value").asText()).isEqualTo(person.name());
        assertThat(answer.path("fields").path("name").path("source").path("department").asText())
                .isEqualTo("national.population-registry");
        assertThat(answer.path("fields").path("name").path("source").path("level").asText()).isEqualTo("NATIONAL");
        assertThat(answer.path("fields").path("name").path("source").path("resource").asText())
                .isEqualTo("res-national-population-person");
        assertThat(answer.path("fields").path("name").path("collectedAt").asText()).isNotBlank();

        // deactivated: Keycloak refuses the client a new token
        Http.Response deactivated = Http.post(EmbeddedStack.gateway() + "/api/v1/departments/" + code
                + "/deactivate", admin, "", Map.of());
        assertThat(deactivated.status()).as("deactivate: %s", deactivated.raw()).isEqualTo(200);
        assertThat(deactivated.body().path("status").asText()).isEqualTo("INACTIVE");
        Http.Response refused = Http.form(TOKEN_URL, Map.of("grant_type", "client_credentials", "client_id", code,
                "client_secret", secret));
        assertThat(refused.status()).as("token after deactivation: %s", refused.raw()).isIn(400, 401);
        assertThat(refused.raw()).doesNotContain("access_token");

        // activated again, it gets tokens again
        Http.Response activated = Http.post(EmbeddedStack.gateway() + "/api/v1/departments/" + code + "/activate",
                admin, "", Map.of());
        assertThat(activated.status()).as("activate: %s", activated.raw()).isEqualTo(200);
        assertThat(Tokens.clientCredentials(code, secret)).isNotBlank();
    }

    @Test
    @DisplayName("the demo departments adopted their realm clients; registering one again is 409")
    void shouldHaveAdoptedTheDemoClients() {
        String admin = Tokens.clientCredentials(ADMIN);

        Http.Response demo = Http.get(EmbeddedStack.gateway() + "/api/v1/departments?q=gaoyou&kind=CONSUMER", admin);
        assertThat(demo.status()).isEqualTo(200);
        assertThat(demo.body().findValuesAsText("code")).containsExactly("gaoyou.civil-affairs");

        Http.Response again = Http.post(EmbeddedStack.gateway() + "/api/v1/departments", admin, Map.of(
                "code", "gaoyou.civil-affairs", "name", Map.of("zh", "高邮市民政局", "en", "Gaoyou Civil Affairs"),
                "level", "COUNTY", "region", "321084", "kind", "CONSUMER"), Map.of());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().path("code").asText()).isEqualTo("DEPARTMENT_EXISTS");
        // and the demo client still works as before
        assertThat(Tokens.clientCredentials("gaoyou.civil-affairs")).isNotBlank();
    }

    /** Registers a township consumer through the gateway; the answer carries its client secret, this once. */
    /** A department a test registered for itself, with its client's secret. */
    record Registered(String code, String secret) {

        /** A client-credentials token of the department's own client, from Keycloak. */
        String token() {
            return Tokens.clientCredentials(code, secret);
        }
    }

    /** Registers a department of the calling test's own (other tests rely on the demo departments' secrets). */
    static Registered registerOwn(String admin, String prefix) {
        String code = prefix + UUID.randomUUID().toString().substring(0, 8);
        Http.Response registered = register(admin, code);
        assertThat(registered.status()).as("register: %s", registered.raw()).isEqualTo(201);
        return new Registered(code, registered.body().path("clientSecret").asText());
    }

    static Http.Response register(String admin, String code) {
        return Http.post(EmbeddedStack.gateway() + "/api/v1/departments", admin, Map.of(
                "code", code,
                "name", Map.of("zh", "测试乡镇办 " + code, "en", "Test township office " + code),
                "level", "TOWNSHIP", "region", "321084", "kind", "CONSUMER"), Map.of());
    }

    static Http.Response query(String token) {
        return Http.post(EmbeddedStack.gateway() + "/api/v1/queries", token, Map.of(
                "subjectType", "PERSON", "subjectKey", SUBJECT, "fields", List.of("name"),
                "purpose", "SUBSISTENCE_REVIEW"), Map.of());
    }
}
