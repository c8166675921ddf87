package hub.citybrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import hub.citybrain.devstack.world.DemoWorld;

/**
 * Purpose binding on the demo world, through the gateway with the township office's real Keycloak token. Chelu
 * town's government holds agreements for {@code name} and {@code birthDate} (GRID_VISIT), {@code disabilityGrade}
 * (DISABILITY_SUBSIDY_VISIT) and {@code partyMember} (PARTY_LIAISON), and none for SUBSISTENCE_REVIEW: the same
 * question gets a different answer for each purpose, and never a field from an agreement made for another one.
 */
@ExtendWith(EmbeddedStack.class)
@DisplayName("Agreements answer only queries made for their purpose")
class PurposeBindingIT {

    static final String TOWNSHIP = "chelu.township-office";
    static final List<String> FIELDS = List.of("name", "birthDate", "disabilityGrade", "partyMember");

    static String token;

    @BeforeAll
    static void demoAgreementsKnown() {
        token = Tokens.clientCredentials(TOWNSHIP);
        // The sharing service learns the demo agreements from the registry's topics (partyMember's is approved by
        // the organisation department only after it is requested): wait until the liaison agreement answers.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> query("PARTY_LIAISON", List.of("partyMember")).body().path("fields").has("partyMember"));
    }

    static Map<String, Object> body(String purpose, List<String> fields) {
        return Map.of("subjectType", "PERSON", "subjectKey", DemoWorld.SHOWCASE_ID_NUMBER, "fields", fields,
                "purpose", purpose);
    }

    static Http.Response query(String purpose, List<String> fields) {
        return Http.post(EmbeddedStack.gateway() + "/api/v1/queries", token, body(purpose, fields), Map.of());
    }

    /** Asks for {@link #FIELDS} under this purpose, keeps the answer for the docs and asserts it is a 200. */
    static Http.Response answered(String purpose) throws IOException {
        Http.Response response = query(purpose, FIELDS);
        keep(purpose, response);
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        return response;
    }

    /** The raw answers, for the worked example in docs/agreements-and-policy.md (a record, not an assertion). */
    static void keep(String purpose, Http.Response response) throws IOException {
        Files.writeString(Path.of("target", "purpose-binding-" + purpose + ".json"), response.raw(),
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    static List<String> deniedAs(JsonNode answer, String reason) {
        List<String> fields = new ArrayList<>();
        answer.path("denied").forEach(d -> {
            if (d.path("reason").asText().equals(reason)) {
                fields.add(d.path("field").asText());
            }
        });
        return fields;
    }

    @Test
    @DisplayName("asked for subsistence review, the township gets nothing its other purposes' agreements cover")
    void shouldDenyEveryFieldAgreedOnlyForAnotherPurpose() throws IOException {
        Http.Response response = answered("SUBSISTENCE_REVIEW");

        assertThat(response.body().path("purpose").asText()).isEqualTo("SUBSISTENCE_REVIEW");
        assertThat(response.body().path("fields").size()).as(response.raw()).isZero();
        assertThat(deniedAs(response.body(), "PURPOSE_MISMATCH")).containsExactlyElementsOf(FIELDS);
        assertThat(response.raw()).doesNotContain(DemoWorld.SHOWCASE_NAME);
    }

    @Test
    @DisplayName("the same department, asking for party liaison, gets partyMember and nothing else")
    void shouldAnswerUnderTheAgreementsOwnPurpose() throws IOException {
        Http.Response response = answered("PARTY_LIAISON");

        JsonNode fields = response.body().path("fields");
        assertThat(fields.path("partyMember").path("value").asBoolean()).isTrue();
        assertThat(fields.path("partyMember").path("source").path("department").asText())
                .isEqualTo("gaoyou.organisation");
        assertThat(fields.size()).as(response.raw()).isEqualTo(1);
        assertThat(deniedAs(response.body(), "PURPOSE_MISMATCH"))
                .containsExactly("name", "birthDate", "disabilityGrade");
    }

    @Test
    @DisplayName("batch lines are bound to their own purposes, line by line")
    void shouldBindEachBatchLineToItsOwnPurpose() throws Exception {
        String lines = Http.JSON.writeValueAsString(body("GRID_VISIT", FIELDS)) + "\n"
                + Http.JSON.writeValueAsString(body("SUBSISTENCE_REVIEW", FIELDS)) + "\n";
        Http.Response response = Http.send(HttpRequest.newBuilder(
                        URI.create(EmbeddedStack.gateway() + "/api/v1/queries/batch"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(lines)).build());

        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        List<JsonNode> answers = new ArrayList<>();
        for (String line : response.raw().split("\n")) {
            if (!line.isBlank()) {
                answers.add(Http.JSON.readTree(line));
            }
        }
        assertThat(answers).hasSize(2);
        JsonNode gridVisit = answers.stream().filter(a -> a.path("line").asInt() == 1).findFirst().orElseThrow()
                .path("answer");
        JsonNode review = answers.stream().filter(a -> a.path("line").asInt() == 2).findFirst().orElseThrow()
                .path("answer");
        assertThat(gridVisit.path("fields").path("name").path("value").asText()).isEqualTo(DemoWorld.SHOWCASE_NAME);
        assertThat(gridVisit.path("fields").has("birthDate")).isTrue();
        assertThat(gridVisit.path("fields").size()).isEqualTo(2);
        assertThat(deniedAs(gridVisit, "PURPOSE_MISMATCH")).containsExactly("disabilityGrade", "partyMember");
        assertThat(review.path("fields").size()).isZero();
        assertThat(deniedAs(review, "PURPOSE_MISMATCH")).containsExactlyElementsOf(FIELDS);
    }
}
