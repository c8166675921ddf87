package hub.citybrain.sharing.audit;

import static hub.citybrain.sharing.audit.AuditEntryMother.access;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;

import hub.citybrain.testsupport.EmbeddedMongo;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The hash chain on the MongoDB wire server: appends, de-duplication, two writers, and what verify says after an
 * entry is edited or deleted directly in the database.
 */
class AuditChainIT {

    static final EmbeddedMongo MONGO = EmbeddedMongo.started();
    static final MongoClient CLIENT = MongoClients.create(MONGO.uri());
    static final Duration WAIT = Duration.ofSeconds(60);

    ReactiveMongoTemplate mongo;
    AuditChain chain;
    ChainVerifier verifier;

    @AfterAll
    static void stop() {
        CLIENT.close();
        MONGO.stop();
    }

    /** Verify found the log broken at {@code brokenAt} for this reason, after {@code verified} intact entries. */
    static void assertBroken(Verification result, long brokenAt, Verification.Problem problem, long verified) {
        assertThat(result.intact()).isFalse();
        assertThat(result.brokenAt()).isEqualTo(brokenAt);
        assertThat(result.problem()).isEqualTo(problem);
        assertThat(result.verified()).isEqualTo(verified);
    }

    @BeforeEach
    void freshDatabase() {
        mongo = new ReactiveMongoTemplate(CLIENT, "audit-" + UUID.randomUUID());
        chain = new AuditChain(mongo);
        verifier = new ChainVerifier(mongo);
    }

    List<String> appendAccessRecords(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            AuditEntry entry = access("q-" + i);
            assertThat(chain.append(entry).block(WAIT)).isTrue();
            ids.add(entry.id());
        }
        return ids;
    }

    @Test
    @DisplayName("an untouched log verifies, each entry pointing at its predecessor's hash")
    void shouldVerifyAnUntouchedLog() {
        appendAccessRecords(25);

        Verification result = verifier.verify().block(WAIT);

        assertThat(result.intact()).isTrue();
        assertThat(result.verified()).isEqualTo(25);
        assertThat(result.lastSequence()).isEqualTo(25);
        Document second = mongo.findOne(Query.query(Criteria.where("seq").is(2L)), Document.class, AuditChain.COLLECTION)
                .block(WAIT);
        Document first = mongo.findOne(Query.query(Criteria.where("seq").is(1L)), Document.class, AuditChain.COLLECTION)
                .block(WAIT);
        assertThat(first.getString("prevHash")).isEqualTo(ChainHash.GENESIS);
        assertThat(second.getString("prevHash")).isEqualTo(first.getString("hash"));
    }

    @Test
    @DisplayName("an empty log verifies with zero entries")
    void shouldVerifyAnEmptyLog() {
        assertThat(verifier.verify().block(WAIT)).isEqualTo(Verification.intact(0, 0, ChainHash.GENESIS));
    }

    @Test
    @DisplayName("editing one entry in MongoDB: verify names that entry, its content no longer matches its hash")
    void shouldReportTheEditedEntry() {
        appendAccessRecords(12);
        mongo.updateFirst(Query.query(Criteria.where("seq").is(7L)), Update.update("access.purpose", "CURIOSITY"),
                AuditChain.COLLECTION).block(WAIT);

        assertBroken(verifier.verify().block(WAIT), 7, Verification.Problem.CONTENT_HASH_MISMATCH, 6);
    }

    @Test
    @DisplayName("editing an entry and re-sealing its hash: verify names the next entry, whose link no longer fits")
    void shouldReportTheLinkAfterAResealedEdit() {
        appendAccessRecords(12);
        Query seventh = Query.query(Criteria.where("seq").is(7L));
        Document edited = mongo.findOne(seventh, Document.class, AuditChain.COLLECTION).block(WAIT);
        edited.get("access", Document.class).put("consumer", "someone.else");
        edited.put("hash", ChainHash.of(edited));
        mongo.remove(seventh, AuditChain.COLLECTION).then(mongo.insert(edited, AuditChain.COLLECTION)).block(WAIT);

        Verification result = verifier.verify().block(WAIT);

        assertThat(result.brokenAt()).isEqualTo(8);
        assertThat(result.problem()).isEqualTo(Verification.Problem.PREV_HASH_MISMATCH);
    }

    @Test
    @DisplayName("deleting one entry in MongoDB: verify names the missing sequence number")
    void shouldReportTheDeletedEntry() {
        appendAccessRecords(12);
        mongo.remove(Query.query(Criteria.where("seq").is(5L)), AuditChain.COLLECTION).block(WAIT);

        assertBroken(verifier.verify().block(WAIT), 5, Verification.Problem.SEQUENCE_GAP, 4);
    }

    @Test
    @DisplayName("a record delivered twice is appended once")
    void shouldSkipAnEntryAlreadyInTheLog() {
        AuditEntry entry = access("q-twice");

        assertThat(chain.append(entry).block(WAIT)).isTrue();
        assertThat(chain.append(access("q-twice")).block(WAIT)).isFalse();
        assertThat(new AuditChain(mongo).append(access("q-twice")).block(WAIT)).as("another instance").isFalse();

        assertThat(mongo.count(new Query(), AuditChain.COLLECTION).block(WAIT)).isEqualTo(1);
    }

    @Test
    @DisplayName("two writers appending at once keep one unbroken chain, every entry once")
    void shouldKeepOneChainWithTwoWriters() {
        AuditChain other = new AuditChain(mongo);
        List<AuditChain> writers = List.of(chain, other);
        var appended = new ConcurrentHashMap<String, Boolean>();
        // every entry offered to both writers at once, as during a rebalance
        Flux.range(0, 200)
                .flatMap(i -> Flux.fromIterable(writers)
                        .flatMap(w -> w.append(access("q-race-" + i)).subscribeOn(Schedulers.parallel())
                                .doOnNext(ok -> appended.merge("q-race-" + i, ok, Boolean::logicalOr))), 8)
                .blockLast(WAIT);

        assertThat(appended).hasSize(200).doesNotContainValue(false);
        assertThat(mongo.count(new Query(), AuditChain.COLLECTION).block(WAIT)).isEqualTo(200);
        Verification result = verifier.verify().block(WAIT);
        assertThat(result.intact()).as(String.valueOf(result)).isTrue();
        assertThat(result.verified()).isEqualTo(200);
    }

    @Test
    @DisplayName("a log of 10,000 entries verifies (time written to target/audit-verify.txt, not asserted)")
    void shouldVerifyTenThousandEntries() throws Exception {
        appendAccessRecords(10_000);

        long started = System.nanoTime();
        Verification result = verifier.verify().block(Duration.ofMinutes(5));
        long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();

        assertThat(result.intact()).isTrue();
        assertThat(result.verified()).isEqualTo(10_000);
        Files.writeString(Path.of("target", "audit-verify.txt"),
                "verify of " + result.verified() + " entries took " + ms + " ms\n");
        System.out.println("verify of " + result.verified() + " entries took " + ms + " ms");
    }
}
