package hub.citybrain.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import hub.citybrain.devstack.world.DemoWorld;

/** Queries as the demo consumer (Gaoyou civil affairs) makes them, through the gateway. */
final class Queries {

    static final String CONSUMER = "gaoyou.civil-affairs";

    static Map<String, Object> about(String idNumber) {
        return Map.of("subjectType", "PERSON", "subjectKey", idNumber, "fields", List.of("name", "partyMember"),
                "purpose", "SUBSISTENCE_REVIEW");
    }

    /** One query; its answer, whatever the status. */
    static Http.Response ask(String token, String idNumber) {
        return Http.post(EmbeddedStack.gateway() + "/api/v1/queries", token, about(idNumber), Map.of());
    }

    /** Asks until the hub answers with the name (the policy view may still be loading); the query id. */
    static String answered(String token, String idNumber) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> ask(token, idNumber), r -> r.status() == 200 && r.body().path("fields").has("name"))
                .body().path("queryId").asText();
    }

    /** The demo consumer's token, once the hub answers it (the stack is ready for the test's own queries). */
    static String readyConsumer() {
        String token = Tokens.clientCredentials(CONSUMER);
        answered(token, DemoWorld.SHOWCASE_ID_NUMBER);
        return token;
    }

    private Queries() {
    }
}
