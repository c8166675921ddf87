package hub.citybrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import hub.citybrain.devstack.world.DemoWorld;
import hub.citybrain.devstack.world.Person;

/** The auditor's view of the hub, through the gateway with real Keycloak tokens. */
@ExtendWith(EmbeddedStack.class)
@DisplayName("The audit log through the gateway")
class AuditTrailIT {

    static final List<String> AUDIT_PATHS = List.of("/api/v1/audit/records", "/api/v1/audit/verify",
            "/api/v1/subjects/PERSON/" + DemoWorld.SHOWCASE_ID_NUMBER + "/access-log");

    static Http.Response get(String token, String pathAndQuery) {
        return Http.get(EmbeddedStack.gateway() + pathAndQuery, token);
    }

    static void assertProblem(Http.Response response, int status, String code) {
        assertThat(response.status()).as(response.raw()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().path("code").asText()).isEqualTo(code);
    }

    @Test
    @DisplayName("only audit:read reaches the audit API: 401 without a token, 403 for a department or a hub admin")
    void shouldOpenTheAuditApiToAuditorsOnly() {
        String department = Tokens.clientCredentials(Queries.CONSUMER);
        String admin = Tokens.clientCredentials("hub.data-authority");
        String auditor = Tokens.auditor();
        for (String path : AUDIT_PATHS) {
            assertProblem(get(null, path), 401, "UNAUTHENTICATED");
            assertProblem(get(department, path), 403, "FORBIDDEN");
            assertProblem(get(admin, path), 403, "FORBIDDEN");
            assertThat(get(auditor, path).status()).as(path).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("the subject key is nowhere in clear in the audit log, yet a search by subject finds its records")
    void shouldSearchBySubjectWithoutHoldingTheKeyInClear() {
        String token = Tokens.clientCredentials(Queries.CONSUMER);
        Person other = DemoWorld.generate().persons().stream()
                .filter(p -> !p.idNumber().equals(DemoWorld.SHOWCASE_ID_NUMBER)).findFirst().orElseThrow();
        List<String> showcaseQueries = List.of(Queries.answered(token, DemoWorld.SHOWCASE_ID_NUMBER),
                Queries.answered(token, DemoWorld.SHOWCASE_ID_NUMBER));
        String otherQuery = Queries.answered(token, other.idNumber());
        String auditor = Tokens.auditor();
        String bySubject = "/api/v1/audit/records?size=200&subjectType=PERSON&subjectKey="
                + DemoWorld.SHOWCASE_ID_NUMBER;

        List<String> found = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> queryIds(get(auditor, bySubject)), ids -> ids.containsAll(showcaseQueries));
        assertThat(found).doesNotContain(otherQuery);
        assertThat(queryIds(get(auditor, "/api/v1/audit/records?size=200&subjectType=PERSON&subjectKey="
                + other.idNumber()))).contains(otherQuery).doesNotContainAnyElementsOf(showcaseQueries);

        try (AuditStore store = new AuditStore()) {
            List<Document> all = store.auditLog().find().into(new ArrayList<>());
            assertThat(all).hasSizeGreaterThanOrEqualTo(3);
            for (Document entry : all) {
                assertThat(entry.toJson()).as("audit entry %s", entry.get("_id"))
                        .doesNotContain(DemoWorld.SHOWCASE_ID_NUMBER).doesNotContain(other.idNumber());
            }
        }
    }

    @Test
    @DisplayName("who used my data: which department read which fields, when and why")
    void shouldTellWhoUsedASubjectsData() {
        String queryId = Queries.answered(Tokens.clientCredentials(Queries.CONSUMER), DemoWorld.SHOWCASE_ID_NUMBER);
        String auditor = Tokens.auditor();
        String path = "/api/v1/subjects/PERSON/" + URLEncoder.encode(DemoWorld.SHOWCASE_ID_NUMBER,
                StandardCharsets.UTF_8) + "/access-log?size=200";

        JsonNode use = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> find(get(auditor, path).body().path("items"), queryId), u -> u != null);

        assertThat(use.path("department").asText()).isEqualTo(Queries.CONSUMER);
        assertThat(use.path("departmentLevel").asText()).isEqualTo("COUNTY");
        assertThat(use.path("purpose").asText()).isEqualTo("SUBSISTENCE_REVIEW");
        assertThat(use.path("fieldsRead").toString()).contains("\"name\"").doesNotContain("partyMember");
        assertThat(use.path("at").asText()).isNotBlank();
        assertThat(use.has("clientId")).isFalse();
    }

    @Test
    @DisplayName("the chain verifies, and bad input is a 400 problem, never a 500")
    void shouldVerifyAndRefuseBadInput() {
        Queries.answered(Tokens.clientCredentials(Queries.CONSUMER), DemoWorld.SHOWCASE_ID_NUMBER);
        String auditor = Tokens.auditor();

        JsonNode verification = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> get(auditor, "/api/v1/audit/verify").body(), v -> v.path("verified").asLong() > 0);
        assertThat(verification.path("intact").asBoolean()).as(verification.toString()).isTrue();

        for (String query : List.of("from=yesterday", "size=100000", "subjectType=PERSON", "page=-1")) {
            assertProblem(get(auditor, "/api/v1/audit/records?" + query), 400, "VALIDATION_FAILED");
        }
        assertProblem(get(auditor, "/api/v1/subjects/SPACESHIP/1/access-log"), 400, "VALIDATION_FAILED");
    }

    static List<String> queryIds(Http.Response page) {
        assertThat(page.status()).as(page.raw()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        page.body().path("items").forEach(item -> ids.add(item.path("access").path("queryId").asText()));
        return ids;
    }

    static JsonNode find(JsonNode items, String queryId) {
        for (JsonNode item : items) {
            if (queryId.equals(item.path("reference").asText())) {
                return item;
            }
        }
        return null;
    }
}
