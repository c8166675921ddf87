package hub.citybrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import hub.citybrain.devstack.world.DemoWorld;

/**
 * The sharing service is killed (SIGKILL, no shutdown hook) right after answering a burst of queries: every query
 * it answered has its access record, and after a restart every one reaches the audit log, once.
 */
@ExtendWith(EmbeddedStack.class)
@DisplayName("Access records when the sharing service crashes")
class AccessRecordsSurviveCrashIT {

    static final int QUERIES = 16;

    @Test
    @DisplayName("kill -9 right after answering: every answered query has its access record and audit entry")
    void shouldKeepEveryAnsweredQuerysRecordThroughACrash() throws Exception {
        String token = Queries.readyConsumer();
        EmbeddedStack.StackProcess sharing = EmbeddedStack.process("sharing");

        // a burst, four at a time, so that some records are still on their way to Kafka at the kill
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Http.Response> responses;
        try {
            responses = IntStream.range(0, QUERIES)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> Queries.ask(token, DemoWorld.SHOWCASE_ID_NUMBER), clients))
                    .toList().stream().map(CompletableFuture::join).toList();
        } finally {
            clients.shutdown();
        }
        EmbeddedStack.stop(sharing, true);

        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.raw()).isEqualTo(200));
        List<String> answered = responses.stream().map(r -> r.body().path("queryId").asText()).toList();
        assertThat(answered).doesNotHaveDuplicates().hasSize(QUERIES);

        try (AuditStore store = new AuditStore()) {
            List<Document> records = store.accessRecordsOf(answered);
            assertThat(records).as("access records right after the kill").hasSize(QUERIES);
            long unpublished = records.stream().filter(r -> r.get("publishedAt") == null).count();
            System.out.println("access records not yet published at the kill: " + unpublished + " of " + QUERIES);

            EmbeddedStack.start(sharing);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> Http.get("http://127.0.0.1:" + EmbeddedStack.SHARING + "/readyz", null)
                            .status() == 200);

            Map<String, Long> perQuery = store.awaitInAuditLog(answered);
            assertThat(perQuery.values()).as("audit entries per query id").hasSize(QUERIES).containsOnly(1L);
        }
        String after = Queries.answered(token, DemoWorld.SHOWCASE_ID_NUMBER);
        assertThat(after).isNotIn(answered);
        var verification = Http.get(EmbeddedStack.gateway() + "/api/v1/audit/verify", Tokens.auditor()).body();
        assertThat(verification.path("intact").asBoolean()).as(verification.toString()).isTrue();
    }
}
