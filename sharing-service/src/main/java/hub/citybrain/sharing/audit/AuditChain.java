package hub.citybrain.sharing.audit;

import java.time.Instant;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The append-only audit log ({@code audit_log}): one hash chain over every entry, in the order the entries were
 * appended. Nothing here updates or deletes.
 *
 * <p>Two writers (two instances during a consumer-group rebalance) cannot fork the chain: the sequence number
 * has a unique index, so of two appends computed from the same head only one is stored; the other gets a
 * duplicate key, re-reads the head and tries again. An entry whose {@code _id} (query id or event id) is already
 * in the log is skipped, which is how a record Kafka delivered twice appears once. No multi-document transaction
 * is needed (the embedded MongoDB wire server has none).
 */
@Component
class AuditChain {

    static final String COLLECTION = "audit_log";
    /** Appends computed from a stale head are retried this often before the caller (the consumer) retries. */
    static final int MAX_RACES = 50;

    private static final Logger log = LoggerFactory.getLogger(AuditChain.class);

    private final ReactiveMongoTemplate mongo;
    /** The last link this instance knows of; null means "read it from MongoDB". */
    private final AtomicReference<Head> head = new AtomicReference<>();
    private final Mono<Void> indexes;

    AuditChain(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
        this.indexes = createIndexes().cache(ok -> Duration.ofDays(36500), e -> Duration.ZERO, () -> Duration.ofDays(36500));
    }

    record Head(long seq, String hash) {
        static final Head EMPTY = new Head(0, ChainHash.GENESIS);
    }

    /** Appends the entry, or does nothing if its id is already in the log. Emits true if it was appended. */
    Mono<Boolean> append(AuditEntry entry) {
        return indexes.then(Mono.defer(() -> alreadyLogged(entry.id()).flatMap(logged -> logged
                ? Mono.just(false)
                : currentHead().flatMap(h -> insert(entry, h)))))
                // a lost race: re-read the head and try again after a short random pause, so that two writers
                // that keep colliding drift apart instead of colliding in lock-step
                .retryWhen(Retry.backoff(MAX_RACES, Duration.ofMillis(2)).maxBackoff(Duration.ofMillis(100))
                        .jitter(0.75).filter(DuplicateKeyException.class::isInstance)
                        .doBeforeRetry(signal -> head.set(null)));
    }

    private Mono<Boolean> insert(AuditEntry entry, Head previous) {
        Document link = entry.link(previous.seq() + 1, previous.hash(), Instant.now());
        return mongo.insert(link, COLLECTION)
                .doOnNext(stored -> head.set(new Head(stored.getLong(AuditEntry.SEQ),
                        stored.getString(ChainHash.HASH_FIELD))))
                .thenReturn(true);
    }

    private Mono<Boolean> alreadyLogged(String id) {
        return mongo.exists(Query.query(Criteria.where("_id").is(id)), COLLECTION);
    }

    Mono<Head> currentHead() {
        Head known = head.get();
        if (known != null) {
            return Mono.just(known);
        }
        Query last = new Query().with(Sort.by(Sort.Direction.DESC, AuditEntry.SEQ)).limit(1);
        last.fields().include(AuditEntry.SEQ, ChainHash.HASH_FIELD);
        return mongo.findOne(last, Document.class, COLLECTION)
                .map(doc -> new Head(doc.getLong(AuditEntry.SEQ), doc.getString(ChainHash.HASH_FIELD)))
                .defaultIfEmpty(Head.EMPTY)
                .doOnNext(head::set);
    }

    /**
     * The unique sequence index is what makes concurrent appends safe, so it must exist before the first append.
     * The others serve the search API on real MongoDB (the embedded wire server creates but does not use them).
     */
    Mono<Void> createIndexes() {
        var ops = mongo.indexOps(COLLECTION);
        return Flux.concat(
                ops.createIndex(new Index().on(AuditEntry.SEQ, Sort.Direction.ASC).unique().named("seq_unique")),
                ops.createIndex(new Index().on(AuditEntry.OCCURRED_AT, Sort.Direction.DESC)
                        .on(AuditEntry.SEQ, Sort.Direction.DESC).named("newest_first")),
                ops.createIndex(new Index().on("access.subjectKeyHash", Sort.Direction.ASC)
                        .on(AuditEntry.OCCURRED_AT, Sort.Direction.DESC).named("by_subject")),
                ops.createIndex(new Index().on("access.consumer", Sort.Direction.ASC)
                        .on(AuditEntry.OCCURRED_AT, Sort.Direction.DESC).named("by_consumer")))
                .doOnError(e -> log.warn("Could not create the audit_log indexes, will retry: {}", e.toString()))
                .then();
    }
}
