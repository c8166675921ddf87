package hub.citybrain.sharing.audit;

import static hub.citybrain.sharing.TrustTestTokens.TOKENS;
import static hub.citybrain.sharing.audit.AuditEntryMother.access;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import hub.citybrain.events.AuditCheckpointed;
import hub.citybrain.events.AuditCheckpointed.Checkpoint;
import hub.citybrain.events.Topics;
import hub.citybrain.identity.Roles;
import hub.citybrain.sharing.audit.CheckpointKeysTest.TestKeys;
import hub.citybrain.sharing.SharingIT;
import hub.citybrain.testsupport.TestClients;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signed checkpoints on a real (embedded) Kafka broker and the MongoDB wire server: a checkpoint taken through the
 * API, then the audit log cut short or edited and re-sealed directly in MongoDB, as someone with database access
 * would; verify must say so. Every test puts back what it changed.
 */
@SharingIT("citybrain.audit.checkpoint-interval=0")
class AuditCheckpointIT {

    static final TestKeys KEYS = TestKeys.generate();
    static final Duration WAIT = Duration.ofSeconds(60);

    @Value("${local.server.port}")
    int port;
    @Autowired
    ReactiveMongoTemplate mongo;
    @Autowired
    AuditChain chain;
    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    JsonMapper json;

    WebTestClient http;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("citybrain.audit.signing-key", KEYS::signing);
        registry.add("citybrain.audit.verify-key", KEYS::verifying);
    }

    static String auditor() {
        return TOKENS.department(null, null, null, Roles.AUDIT_READ);
    }

    @BeforeEach
    void setUp() {
        http = TestClients.local(port, WAIT);
    }

    /** Appends entries of its own, takes a checkpoint of the new head on demand and waits until Kafka has it back. */
    long appendAndCheckpoint(int entries) {
        for (int i = 0; i < entries; i++) {
            assertThat(chain.append(access("q-" + UUID.randomUUID())).block(WAIT)).isTrue();
        }
        JsonNode taken = json.readTree(http.post().uri("/api/v1/audit/checkpoints")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + auditor()).exchange()
                .expectStatus().isCreated().expectBody().returnResult().getResponseBody());
        long sequence = taken.path("sequence").asLong();
        assertThat(sequence).isEqualTo(head());
        await().atMost(WAIT).until(() -> verify().path("checkpoint").path("sequence").asLong() == sequence);
        return sequence;
    }

    JsonNode verify() {
        return json.readTree(http.get().uri("/api/v1/audit/verify")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + auditor()).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }

    long head() {
        return mongo.count(new Query(), AuditChain.COLLECTION).block(WAIT);
    }

    List<Document> entriesFrom(long seq) {
        return mongo.find(Query.query(Criteria.where(AuditEntry.SEQ).gte(seq)).with(Sort.by(AuditEntry.SEQ)),
                Document.class, AuditChain.COLLECTION).collectList().block(WAIT);
    }

    void restore(List<Document> originals) {
        for (Document original : originals) {
            mongo.remove(Query.query(Criteria.where("_id").is(original.get("_id"))), AuditChain.COLLECTION)
                    .then(mongo.insert(original, AuditChain.COLLECTION)).block(WAIT);
        }
    }

    /**
     * Verifies the damaged log: not intact, {@code problem} at {@code brokenAt}, {@code verified} entries checked
     * out. Puts the {@code originals} back whatever happens, and then the log is intact again. Answers the verdict.
     */
    JsonNode verifyBrokenThenRestore(List<Document> originals, String problem, long brokenAt, long verified) {
        JsonNode result;
        try {
            result = verify();

            assertThat(result.path("intact").asBoolean()).as(result.toString()).isFalse();
            assertThat(result.path("problem").asText()).isEqualTo(problem);
            assertThat(result.path("brokenAt").asLong()).isEqualTo(brokenAt);
            assertThat(result.path("verified").asLong()).isEqualTo(verified);
        } finally {
            restore(originals);
        }
        assertThat(verify().path("intact").asBoolean()).isTrue();
        return result;
    }

    @Test
    @DisplayName("an untouched log verifies, naming the latest checkpoint it matches")
    void shouldNameTheCheckpointOfAnIntactLog() {
        long sequence = appendAndCheckpoint(5);

        JsonNode result = verify();

        assertThat(result.path("intact").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.path("checkpoint").path("sequence").asLong()).isEqualTo(sequence);
        assertThat(result.path("checkpoint").path("at").asText()).isNotBlank();
        assertThat(result.path("checkpointsChecked").asInt()).isPositive();
    }

    @Test
    @DisplayName("asked again for an unchanged head, the hub returns the checkpoint it has instead of signing twice")
    void shouldNotSignTheSameHeadTwice() {
        long sequence = appendAndCheckpoint(2);

        http.post().uri("/api/v1/audit/checkpoints").header(HttpHeaders.AUTHORIZATION, "Bearer " + auditor())
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.sequence").isEqualTo(sequence)
                .jsonPath("$.signedNow").isEqualTo(false);
    }

    @Test
    @DisplayName("tail entries deleted in MongoDB after a checkpoint: TAIL_TRUNCATED, though the shorter chain holds")
    void shouldReportADeletedTail() {
        long sequence = appendAndCheckpoint(6);
        List<Document> tail = entriesFrom(sequence - 2);
        mongo.remove(Query.query(Criteria.where(AuditEntry.SEQ).gte(sequence - 2)), AuditChain.COLLECTION).block(WAIT);

        JsonNode result = verifyBrokenThenRestore(tail, "TAIL_TRUNCATED", sequence - 2, sequence - 3);

        assertThat(result.path("detail").asText()).contains("names entry " + sequence);
    }

    @Test
    @DisplayName("an entry edited and the chain re-sealed after a checkpoint: CHECKPOINT_MISMATCH at the signed entry")
    void shouldReportAResealedChain() {
        long sequence = appendAndCheckpoint(6);
        long edited = sequence - 3;
        List<Document> originals = entriesFrom(edited);
        List<Document> resealed = new ArrayList<>();
        String prev = null;
        for (Document original : originals) {
            Document copy = new Document(original);
            if (prev == null) {
                copy.put("access", new Document(original.get("access", Document.class)).append("consumer",
                        "someone.else"));
            } else {
                copy.put(AuditEntry.PREV_HASH, prev);
            }
            prev = ChainHash.of(copy);
            copy.put(ChainHash.HASH_FIELD, prev);
            resealed.add(copy);
        }
        restore(resealed);

        // the chain itself holds: every link up to the signed entry checked out
        verifyBrokenThenRestore(originals, "CHECKPOINT_MISMATCH", sequence, sequence - 1);
    }

    JsonNode takeCheckpoint(int status) {
        return json.readTree(http.post().uri("/api/v1/audit/checkpoints")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + auditor()).exchange()
                .expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody());
    }

    /** Changes one field of the entry at {@code seq} in MongoDB without re-sealing it; answers the original. */
    Document editInPlace(long seq) {
        Document original = entriesFrom(seq).get(0);
        Document edited = new Document(original);
        edited.put("access", new Document(original.get("access", Document.class)).append("consumer", "someone.else"));
        restore(List.of(edited));
        return original;
    }

    @Test
    @DisplayName("a new checkpoint walks from the last one: an entry edited since then is refused, not signed")
    void shouldNotSealAnEditSinceTheLastCheckpoint() {
        long sequence = appendAndCheckpoint(3);
        for (int i = 0; i < 3; i++) {
            assertThat(chain.append(access("q-" + UUID.randomUUID())).block(WAIT)).isTrue();
        }
        Document original = editInPlace(sequence + 2);
        try {
            JsonNode refused = takeCheckpoint(409);

            assertThat(refused.path("code").asText()).isEqualTo("AUDIT_CHAIN_BROKEN");
            assertThat(refused.path("detail").asText()).contains("entry " + (sequence + 2));
        } finally {
            restore(List.of(original));
        }
        assertThat(takeCheckpoint(201).path("sequence").asLong()).isEqualTo(head());
    }

    @Test
    @DisplayName("a new checkpoint does not walk again what the last one sealed; the auditor's verify still does")
    void shouldSealTheEntriesSinceTheLastCheckpointOnly() {
        long sequence = appendAndCheckpoint(4);
        assertThat(chain.append(access("q-" + UUID.randomUUID())).block(WAIT)).isTrue();
        Document original = editInPlace(sequence - 2);
        try {
            // the edit lies before the last checkpoint: the new one vouches for the entries after it
            assertThat(takeCheckpoint(201).path("sequence").asLong()).isEqualTo(sequence + 1);

            JsonNode verified = verify();
            assertThat(verified.path("intact").asBoolean()).as(verified.toString()).isFalse();
            assertThat(verified.path("problem").asText()).isEqualTo("CONTENT_HASH_MISMATCH");
            assertThat(verified.path("brokenAt").asLong()).isEqualTo(sequence - 2);
        } finally {
            restore(List.of(original));
        }
        assertThat(verify().path("intact").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("a checkpoint in the topic signed by another key, or with a forged signature, is counted and ignored")
    void shouldIgnoreCheckpointsItDidNotSign() {
        long sequence = appendAndCheckpoint(1);
        long rejectedBefore = verify().path("checkpointsRejected").asLong();
        Checkpoint foreign = TestKeys.generate().keys().sign(sequence, "00".repeat(32), java.time.Instant.now());
        Checkpoint forged = new Checkpoint(sequence + 100, "11".repeat(32), foreign.checkpointedAt(),
                KEYS.keys().keyId(), foreign.signature());
        for (Checkpoint bad : List.of(foreign, forged)) {
            var record = new ProducerRecord<>(Topics.AUDIT_CHECKPOINTS, Long.toString(bad.lastSequence()),
                    json.writeValueAsString(AuditCheckpointed.of(UUID.randomUUID().toString(), bad)));
            record.headers().add(Topics.TYPE_HEADER, AuditCheckpointed.TYPE.getBytes(StandardCharsets.UTF_8));
            kafka.send(record).join();
        }

        JsonNode result = await().atMost(WAIT).until(this::verify,
                v -> v.path("checkpointsRejected").asLong() >= rejectedBefore + 2);

        assertThat(result.path("intact").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.path("checkpoint").path("sequence").asLong()).isEqualTo(sequence);
    }

    @Test
    @DisplayName("checkpoints are for auditors and hub admins: 401 without a token, 403 for a department")
    void shouldOpenCheckpointsToAuditorsAndAdmins() {
        http.post().uri("/api/v1/audit/checkpoints").exchange().expectStatus().isUnauthorized();
        http.post().uri("/api/v1/audit/checkpoints")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKENS.department("gaoyou.civil-affairs", null, null,
                        Roles.QUERY))
                .exchange().expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
        assertThat(chain.append(access("q-" + UUID.randomUUID())).block(WAIT)).isTrue();
        http.post().uri("/api/v1/audit/checkpoints")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKENS.department(null, null, null, Roles.HUB_ADMIN))
                .exchange().expectStatus().value(status -> assertThat(status).isIn(200, 201));
    }
}
