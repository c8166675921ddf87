package hub.citybrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import hub.citybrain.devstack.world.DemoWorld;

/**
 * Kafka stops while departments keep querying: every answer still leaves with its access record in MongoDB, and
 * once Kafka is back every query id reaches the audit log exactly once.
 */
@ExtendWith(EmbeddedStack.class)
@DisplayName("The audit log while Kafka is down")
class AuditWhileKafkaIsDownIT {

    static final int QUERIES = 12;

    @Test
    @DisplayName("queries answered while Kafka is down appear in the audit log once each after it is back")
    void shouldLoseNoAccessRecordWhileKafkaIsDown() throws Exception {
        String token = Queries.readyConsumer();
        EmbeddedStack.StackProcess kafka = EmbeddedStack.process("kafka");

        EmbeddedStack.stop(kafka, false);
        assertThat(listening(EmbeddedStack.KAFKA)).as("Kafka's port after the stop").isFalse();

        List<String> answered = new ArrayList<>();
        try {
            for (int i = 0; i < QUERIES; i++) {
                Http.Response response = Queries.ask(token, DemoWorld.SHOWCASE_ID_NUMBER);
                assertThat(response.status()).as(response.raw()).isEqualTo(200);
                answered.add(response.body().path("queryId").asText());
            }
            try (AuditStore store = new AuditStore()) {
                List<Document> records = store.accessRecordsOf(answered);
                assertThat(records).as("access records in MongoDB while Kafka is down").hasSize(QUERIES);
                assertThat(records).as("none published while Kafka is down")
                        .allSatisfy(r -> assertThat(r.get("publishedAt")).isNull());
                assertThat(store.auditEntriesPerQuery(answered).values()).as("none in the audit log yet")
                        .containsOnly(0L);
            }
        } finally {
            EmbeddedStack.start(kafka);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> listening(EmbeddedStack.KAFKA));

        try (AuditStore store = new AuditStore()) {
            store.awaitInAuditLog(answered);
            // the relay and the consumer had every chance to deliver a repeat
            Thread.sleep(3000);
            Map<String, Long> perQuery = store.auditEntriesPerQuery(answered);
            assertThat(perQuery).hasSize(QUERIES);
            assertThat(perQuery.values()).as("audit entries per query id").containsOnly(1L);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(store.accessRecordsOf(answered))
                    .allSatisfy(r -> assertThat(r.get("publishedAt")).isNotNull()));
        }
        var verification = Http.get(EmbeddedStack.gateway() + "/api/v1/audit/verify", Tokens.auditor()).body();
        assertThat(verification.path("intact").asBoolean()).as(verification.toString()).isTrue();
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
