package hub.citybrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import hub.citybrain.devstack.world.DemoWorld;
import hub.citybrain.devstack.world.Person;

/** The whole loop on real parts: Keycloak token -> gateway -> sharing -> agreements -> sources -> answer. */
@ExtendWith(EmbeddedStack.class)
@DisplayName("A county department queries a person through the gateway")
class QueryThroughGatewayIT {

    static final String CONSUMER = "gaoyou.civil-affairs";
    static final DemoWorld WORLD = DemoWorld.generate();
    static final Person PERSON = WORLD.showcasePerson();
    static String token;

    @BeforeAll
    static void token() {
        token = Tokens.clientCredentials(CONSUMER);
        // The sharing service learns agreements from the registry's topics: wait until it knows the demo ones.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(query(List.of("name")).body().path("fields").has("name")).isTrue());
    }

    static Http.Response query(List<String> fields) {
        return query(token, PERSON.idNumber(), fields);
    }

    static Http.Response query(String token, String subjectKey, List<String> fields) {
        return Http.post(EmbeddedStack.gateway() + "/api/v1/queries", token, Map.of(
                "subjectType", "PERSON", "subjectKey", subjectKey, "fields", fields,
                "purpose", "SUBSISTENCE_REVIEW"), Map.of());
    }

    @Test
    @DisplayName("granted fields come from sources at three levels, each with its provenance")
    void shouldAnswerFromThreeLevelsWithProvenance() {
        Http.Response response = query(List.of("name", "birthDate", "householdAddress", "maritalStatus",
                "gridCode", "householdId"));

        assertThat(response.status()).isEqualTo(200);
        JsonNode fields = response.body().path("fields");
        assertThat(fields.path("name").path("value").asText()).isEqualTo(PERSON.name());
        assertThat(fields.path("birthDate").path("value").asText()).isEqualTo(PERSON.birthDate().toString());
        assertThat(fields.path("householdId").path("value").asText()).isEqualTo(PERSON.householdId());

        assertThat(fields.path("name").path("source").path("department").asText())
                .isEqualTo("national.population-registry");
        assertThat(fields.path("name").path("source").path("level").asText()).isEqualTo("NATIONAL");
        assertThat(fields.path("maritalStatus").path("source").path("department").asText())
                .isEqualTo("yangzhou.civil-affairs");
        assertThat(fields.path("maritalStatus").path("source").path("level").asText()).isEqualTo("MUNICIPAL");
        assertThat(fields.path("gridCode").path("source").path("level").asText()).isEqualTo("TOWNSHIP");

        Set<String> levels = new HashSet<>();
        fields.fields().forEachRemaining(e -> {
            assertThat(e.getValue().path("source").path("resource").asText()).startsWith("res-");
            assertThat(e.getValue().path("collectedAt").asText()).isNotBlank();
            levels.add(e.getValue().path("source").path("level").asText());
        });
        assertThat(levels).contains("NATIONAL", "MUNICIPAL", "TOWNSHIP");
        assertThat(response.body().path("denied")).isEmpty();
        assertThat(response.body().path("unavailable")).isEmpty();
    }

    @Test
    @DisplayName("a field outside the department's agreements is denied and its value absent")
    void shouldDenyFieldOutsideAgreements() {
        Http.Response response = query(List.of("name", "partyMember"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().path("fields").has("partyMember")).isFalse();
        assertThat(response.body().path("fields").has("name")).isTrue();
        assertThat(response.body().path("denied")).anySatisfy(d -> {
            assertThat(d.path("field").asText()).isEqualTo("partyMember");
            assertThat(d.path("reason").asText()).isEqualTo("NO_AGREEMENT");
        });
        assertThat(response.raw()).doesNotContain("\"partyMember\":{");
    }

    @Test
    @DisplayName("a NOT_SHARED field is denied as NOT_SHARED")
    void shouldDenyNotSharedField() {
        Http.Response response = query(List.of("disabilityCardNo"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().path("fields").size()).isZero();
        assertThat(response.body().path("denied").get(0).path("reason").asText()).isEqualTo("NOT_SHARED");
    }

    @Test
    @DisplayName("a source that times out is unavailable while the other fields are answered")
    void shouldReportTimedOutSourceAndAnswerTheRest() {
        // The city's civil affairs system turns slow for this one person (a stub added over WireMock's admin API).
        String civilAffairs = EmbeddedStack.source(2);
        Http.Response stub = Http.post(civilAffairs + "/__admin/mappings", null, Map.of(
                "priority", 1,
                "request", Map.of("method", "GET", "urlPath", "/v1/residents/" + PERSON.idNumber()),
                "response", Map.of("status", 200, "fixedDelayMilliseconds", 8000,
                        "headers", Map.of("Content-Type", "application/json"), "body", "{}")), Map.of());
        assertThat(stub.status()).isEqualTo(201);
        try {
            // An earlier test may have left this person's facts in the fact cache; the source forgets them for us.
            SourceChangeNotices.announce(null, "PERSON", PERSON.idNumber());
            Http.Response response = await().atMost(Duration.ofSeconds(30))
                    .until(() -> query(List.of("name", "maritalStatus", "gridCode")),
                            r -> !r.body().path("fields").has("maritalStatus"));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body().path("fields").has("name")).isTrue();
            assertThat(response.body().path("fields").has("gridCode")).isTrue();
            assertThat(response.body().path("fields").has("maritalStatus")).isFalse();
            assertThat(response.body().path("unavailable")).anySatisfy(u -> {
                assertThat(u.path("field").asText()).isEqualTo("maritalStatus");
                assertThat(u.path("reason").asText()).isEqualTo("TIMEOUT");
                assertThat(u.path("source").asText()).isNotBlank();
            });
        } finally {
            Http.delete(civilAffairs + "/__admin/mappings/" + stub.body().path("id").asText());
        }
    }

    @Test
    @DisplayName("a subject unknown to a source gives NOT_FOUND for that source's fields only")
    void shouldReportUnknownSubjectAsNotFound() {
        Person notDisabled = WORLD.persons().stream().filter(p -> !p.isDisabled()).findFirst().orElseThrow();
        Http.Response response = query(token, notDisabled.idNumber(), List.of("name", "disabilityGrade"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().path("fields").path("name").path("value").asText()).isEqualTo(notDisabled.name());
        assertThat(response.body().path("unavailable").get(0).path("reason").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    @DisplayName("bad input gets 400 problem+json with a stable code, never 5xx")
    void shouldRejectBadInputWithProblemJson() {
        Http.Response missing = Http.post(EmbeddedStack.gateway() + "/api/v1/queries", token,
                Map.of("subjectType", "PERSON"), Map.of());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.body().path("code").asText()).isEqualTo("VALIDATION_FAILED");

        Http.Response malformed = Http.post(EmbeddedStack.gateway() + "/api/v1/queries", token, "{not json",
                Map.of());
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().path("code").asText()).isEqualTo("MALFORMED_REQUEST");
    }
}
