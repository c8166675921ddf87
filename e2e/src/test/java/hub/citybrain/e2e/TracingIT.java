package hub.citybrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import hub.citybrain.devstack.world.DemoWorld;

/**
 * One query through the gateway is one trace: the gateway's log, the sharing service's log, the source system's
 * request (its W3C {@code traceparent} header) and the access record's Kafka headers all carry the same trace id.
 */
@ExtendWith(EmbeddedStack.class)
@DisplayName("Tracing across the hub")
class TracingIT {

    static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-[0-9a-f]{16}-0[01]");

    @Test
    @DisplayName("one query leaves the same trace id in the gateway, the sharing service, the source and Kafka")
    void shouldCarryOneTraceIdFromGatewayToSourceAndKafka() throws Exception {
        String token = Tokens.clientCredentials("gaoyou.civil-affairs");
        Map<String, Object> query = Map.of("subjectType", "PERSON", "subjectKey", DemoWorld.SHOWCASE_ID_NUMBER,
                "fields", List.of("name"), "purpose", "SUBSISTENCE_REVIEW");
        // the source must really be called: forget whatever an earlier test left in the fact cache
        SourceChangeNotices.announce(null, "PERSON", DemoWorld.SHOWCASE_ID_NUMBER);
        Http.Response response = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> Http.post(EmbeddedStack.gateway() + "/api/v1/queries", token, query, Map.of()),
                        r -> r.status() == 200 && r.body().path("fields").has("name")
                                && !r.body().path("fields").path("name").path("cached").asBoolean());
        String queryId = response.body().path("queryId").asText();

        String traceId = traceIdOfAccessRecord(queryId);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(logLines("gateway", traceId)).as("gateway log lines of trace %s", traceId)
                    .anyMatch(line -> line.contains("POST /api/v1/queries -> 200"));
            assertThat(logLines("sharing", traceId)).as("sharing-service log lines of trace %s", traceId)
                    .anyMatch(line -> line.contains("POST /api/v1/queries -> 200"));
        });
        assertThat(traceIdsReceivedBy(EmbeddedStack.source(0))).as("traceparent headers the national population "
                + "registry received").contains(traceId);
    }

    @Test
    @DisplayName("an error's problem+json body names the trace id found in the gateway's log")
    void shouldNameTheTraceIdInProblemBodies() throws Exception {
        String token = Tokens.clientCredentials("gaoyou.civil-affairs");
        Http.Response invalid = Http.post(EmbeddedStack.gateway() + "/api/v1/queries", token,
                Map.of("subjectType", "PERSON", "fields", List.of(), "purpose", "SUBSISTENCE_REVIEW"), Map.of());
        Http.Response unauthenticated = Http.get(EmbeddedStack.gateway() + "/api/v1/agreements", null);

        assertThat(invalid.status()).isEqualTo(400);
        String fromService = invalid.body().path("traceId").asText();
        assertThat(fromService).matches("[0-9a-f]{32}");
        assertThat(unauthenticated.status()).isEqualTo(401);
        String fromGateway = unauthenticated.body().path("traceId").asText();
        assertThat(fromGateway).matches("[0-9a-f]{32}").isNotEqualTo(fromService);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(logLines("gateway", fromService)).anyMatch(line -> line.contains("-> 400"));
            assertThat(logLines("sharing", fromService)).anyMatch(line -> line.contains("-> 400"));
            assertThat(logLines("gateway", fromGateway)).anyMatch(line -> line.contains("-> 401"));
        });
    }

    /** The trace id in the {@code traceparent} header of the query's access record on Kafka. */
    private static String traceIdOfAccessRecord(String queryId) {
        try (KafkaConsumer<String, String> consumer = AccessTopic.consumer()) {
            String[] found = new String[1];
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    Header header = record.headers().lastHeader("traceparent");
                    if (queryId.equals(record.key())) {
                        assertThat(header).as("traceparent header of access record %s", queryId).isNotNull();
                        found[0] = new String(header.value(), StandardCharsets.UTF_8);
                    }
                }
                return found[0] != null;
            });
            Matcher m = TRACEPARENT.matcher(found[0]);
            assertThat(m.matches()).as("W3C traceparent %s", found[0]).isTrue();
            return m.group(1);
        }
    }

    private static List<String> logLines(String process, String traceId) throws IOException {
        Path log = EmbeddedStack.home().resolve("logs/" + process + ".log");
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains(traceId)).toList();
        }
    }

    /** The trace ids of the {@code traceparent} headers in a source's request journal. */
    private static List<String> traceIdsReceivedBy(String source) {
        JsonNode journal = Http.get(source + "/__admin/requests", null).body();
        List<String> traceIds = new ArrayList<>();
        for (JsonNode entry : journal.path("requests")) {
            JsonNode header = entry.path("request").path("headers").path("traceparent");
            Matcher m = TRACEPARENT.matcher(header.isArray() ? header.path(0).asText() : header.asText());
            if (m.matches()) {
                traceIds.add(m.group(1));
            }
        }
        return traceIds;
    }
}
