package hub.citybrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import hub.citybrain.devstack.world.DemoWorld;

/**
 * The example in docs/collection-checks.md: Gaoyou civil affairs checks its 12-column subsistence household survey through the
 * gateway with a real token, against the demo catalog and agreements; then the data authority reads the burden
 * figures, which count that check and the queries that follow, and still do after the sharing service restarts.
 */
@ExtendWith(EmbeddedStack.class)
@DisplayName("Check before you collect, through the gateway")
class CollectionCheckIT {

    static final String FORM = "/demo/forms/gaoyou-subsistence-household-survey.json";
    static final String BURDEN = "/api/v1/metrics/burden?consumer=" + Queries.CONSUMER;

    static String form() throws IOException {
        try (InputStream in = CollectionCheckIT.class.getResourceAsStream(FORM)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Http.Response check(String token) throws IOException {
        return Http.post(EmbeddedStack.gateway() + "/api/v1/collection-checks", token, form(), Map.of());
    }

    static JsonNode outcome(JsonNode answer, String label) {
        for (JsonNode field : answer.path("fields")) {
            if (field.path("label").asText().equals(label)) {
                return field;
            }
        }
        throw new AssertionError("no outcome for " + label + " in " + answer);
    }

    static List<Long> totals(String admin) {
        JsonNode totals = Http.get(EmbeddedStack.gateway() + BURDEN, admin).body().path("totals");
        return List.of(totals.path("checks").asLong(), totals.path("fieldsSaved").asLong(),
                totals.path("queries").asLong(), totals.path("fieldsSupplied").asLong());
    }

    @Test
    @DisplayName("the survey: 9 of 12 columns held at national, city and township level; the figures add up")
    void shouldFindMostOfTheSurveyHeldAndCountWhatItSaved() throws Exception {
        String token = Tokens.clientCredentials(Queries.CONSUMER);
        String admin = Tokens.clientCredentials("hub.data-authority");
        // the sharing service learns the catalog and agreements from the topics: wait until it agrees on the name
        Queries.answered(token, DemoWorld.SHOWCASE_ID_NUMBER);
        List<Long> before = totals(admin);

        Http.Response response = check(token);

        assertThat(response.status()).as(response.raw()).isEqualTo(201);
        JsonNode answer = response.body();
        System.out.println("collection check of the demo survey: " + response.raw());
        assertThat(outcome(answer, "户主姓名").path("field").asText()).isEqualTo("name");
        assertThat(outcome(answer, "户主姓名").path("source").path("level").asText()).isEqualTo("NATIONAL");
        assertThat(outcome(answer, "户主姓名").path("access").asText()).isEqualTo("AGREED");
        assertThat(outcome(answer, "婚姻状况").path("source").path("level").asText()).isEqualTo("MUNICIPAL");
        assertThat(outcome(answer, "网格编号").path("source").path("level").asText()).isEqualTo("TOWNSHIP");
        assertThat(outcome(answer, "是否党员").path("access").asText()).isEqualTo("CONDITIONAL");
        assertThat(outcome(answer, "身份证号").path("status").asText()).isEqualTo("SUBJECT_KEY");
        assertThat(outcome(answer, "月收入").path("status").asText()).isEqualTo("NEW");
        JsonNode verdict = answer.path("verdict");
        assertThat(verdict.path("held").asInt()).isEqualTo(9);
        assertThat(verdict.path("fieldsSaved").asLong()).isEqualTo(990);
        List<String> toCollect = new ArrayList<>();
        verdict.path("toCollect").forEach(l -> toCollect.add(l.asText()));
        assertThat(toCollect).containsExactly("月收入", "住房情况");
        assertThat(verdict.path("requestAgreements")).hasSize(1);
        assertThat(verdict.at("/requestAgreements/0/body/resourceId").asText())
                .isEqualTo("res-gaoyou-organisation-party-member");

        // one more query: name given, partyMember denied
        Queries.answered(token, DemoWorld.SHOWCASE_ID_NUMBER);
        List<Long> after = totals(admin);
        assertThat(after).containsExactly(before.get(0) + 1, before.get(1) + 990, before.get(2) + 1,
                before.get(3) + 1);

        EmbeddedStack.StackProcess sharing = EmbeddedStack.process("sharing");
        EmbeddedStack.stop(sharing, false);
        EmbeddedStack.start(sharing);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> Http.get(EmbeddedStack.gateway() + BURDEN, admin).status() == 200);
        assertThat(totals(admin)).as("after the sharing service restarted").isEqualTo(after);

        Http.Response other = Http.get(EmbeddedStack.gateway() + "/api/v1/metrics/burden?consumer=chelu.township-office",
                token);
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.body().path("code").asText()).isEqualTo("NOT_OWN_DEPARTMENT");
    }
}
