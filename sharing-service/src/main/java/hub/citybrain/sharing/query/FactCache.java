package hub.citybrain.sharing.query;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import hub.citybrain.sharing.SharingProperties;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Facts already collected from a source, kept in MongoDB so that the same question does not reach the source again
 * while the answer is still fresh. It sits behind the planner: a call is only looked up here after the caller's
 * agreements, those made for the query's purpose, allowed every field of it, exactly as if the source were to be
 * asked, so the cache can never widen what a department sees nor carry a fact across purposes.
 *
 * <p>One document per (resource, subject), {@code _id = resourceId + ":" + subject hash}; the subject is held only
 * as its keyed hash. Each field carries its value, the resource version it was mapped under, when the source gave
 * it and when it goes stale: the
 * resource's update cycle after collection, capped by {@code citybrain.sharing.cache-max-age}. Staleness is
 * decided on read from that data; the periodic sweep and the TTL index (real MongoDB only, see STACK.md) merely
 * free the space.
 *
 * <p>A change notice marks the document {@code invalidatedAt} and drops its fields. A fetch that started before
 * that mark must not bring its (possibly older) answer back: each fact records when its fetch started, and a fact
 * whose fetch started before the mark is never read ({@link #fetchedBefore}). Every write is an upsert by
 * {@code _id} alone, which every MongoDB, the embedded wire server included, answers from the primary key.
 */
@Component
class FactCache {

    static final String COLLECTION = "fact_cache";
    static final String LOOKUPS = "citybrain.cache.lookups";
    /** How long an eviction mark outlives the longest fetch that could race with it. */
    static final Duration MARK_KEPT = Duration.ofMinutes(10);
    static final Duration SWEEP_INTERVAL = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(FactCache.class);

    private final ReactiveMongoTemplate mongo;
    private final SourceClient sources;
    private final MeterRegistry meters;
    private final Duration maxAge;
    private Disposable sweeper;

    FactCache(ReactiveMongoTemplate mongo, SourceClient sources, MeterRegistry meters, SharingProperties properties) {
        this.mongo = mongo;
        this.sources = sources;
        this.meters = meters;
        this.maxAge = properties.cacheMaxAge();
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        mongo.indexOps(COLLECTION).createIndex(new Index("expiresAt", Sort.Direction.ASC).expire(Duration.ZERO))
                .then(mongo.indexOps(COLLECTION).createIndex(new Index("subjectHash", Sort.Direction.ASC)))
                .subscribe(null, e -> log.warn("Could not create the fact cache indexes: {}", e.toString()));
        sweeper = Flux.interval(SWEEP_INTERVAL, Schedulers.boundedElastic())
                .onBackpressureDrop()
                .concatMap(tick -> sweep(Instant.now()).onErrorResume(e -> Mono.just(0L)), 1)
                .subscribe();
    }

    @PreDestroy
    void stop() {
        if (sweeper != null) {
            sweeper.dispose();
        }
    }

    /**
     * The call's fields from the cache when every one of them is there and fresh; otherwise from the source, whose
     * successful answer is then kept. A cache that cannot be read is a miss, never a failed query.
     */
    Mono<SourceResult> fetch(Plan.SourceCall call, String subjectKey, String subjectHash) {
        Duration lifetime = lifetimeOf(call.resource().updateCycle());
        if (lifetime.isZero()) {
            return sources.fetch(call, subjectKey);
        }
        String source = call.resource().id();
        return Mono.defer(() -> {
            Instant started = Instant.now();
            return lookup(call, subjectHash, started)
                    .onErrorResume(e -> {
                        log.warn("Fact cache unreadable, asking the source: {}", e.toString());
                        return Mono.empty();
                    })
                    .doOnNext(hit -> meters.counter(LOOKUPS, "source", source, "result", "hit").increment())
                    .switchIfEmpty(Mono.defer(() -> {
                        meters.counter(LOOKUPS, "source", source, "result", "miss").increment();
                        return sources.fetch(call, subjectKey)
                                .flatMap(result -> result.succeeded()
                                        ? store(result, subjectHash, started, lifetime).thenReturn(result)
                                        : Mono.just(result));
                    }));
        });
    }

    Mono<SourceResult> lookup(Plan.SourceCall call, String subjectHash, Instant now) {
        return mongo.findById(idOf(call.resource().id(), subjectHash), Document.class, COLLECTION)
                .flatMap(doc -> {
                    Document fields = doc.get("fields", Document.class);
                    if (fields == null) {
                        return Mono.empty();
                    }
                    Date invalidatedAt = doc.getDate("invalidatedAt");
                    Map<String, Object> values = new LinkedHashMap<>();
                    Instant collectedAt = null;
                    for (String field : call.fields()) {
                        Document fact = fields.get(field, Document.class);
                        // a fact mapped under another version of the resource (say, a remapped connector) is unusable
                        if (fact == null || !fact.getDate("expiresAt").toInstant().isAfter(now)
                                || fact.get("version", Number.class).longValue() != call.resource().version()
                                || fetchedBefore(fact, invalidatedAt)) {
                            return Mono.empty();
                        }
                        values.put(field, fact.get("value"));
                        Instant at = fact.getDate("collectedAt").toInstant();
                        collectedAt = collectedAt == null || at.isBefore(collectedAt) ? at : collectedAt;
                    }
                    return Mono.just(SourceResult.fromCache(call, values, collectedAt));
                });
    }

    /**
     * A fact is usable only if its fetch started after the subject's last change notice: a fetch that was under way
     * when the notice came may still write its (old) answer, but that answer is never read. Decided on read so that
     * the write is a plain upsert by {@code _id}: a conditional one ({@code _id} and a condition on the mark) made the
     * embedded wire server, which uses an index only for a query on exactly its keys, scan the whole collection on
     * every fetch (the benchmark's batch slowed to 11 subjects/s as the cache grew).
     */
    static boolean fetchedBefore(Document fact, Date invalidatedAt) {
        if (invalidatedAt == null) {
            return false;
        }
        Date fetchStartedAt = fact.getDate("fetchStartedAt");
        return fetchStartedAt == null || !fetchStartedAt.after(invalidatedAt);
    }

    private Mono<Void> store(SourceResult result, String subjectHash, Instant fetchStarted, Duration lifetime) {
        var resource = result.call().resource();
        Date collectedAt = Date.from(result.collectedAt());
        Date expiresAt = Date.from(result.collectedAt().plus(lifetime));
        Date started = Date.from(fetchStarted);
        Update update = new Update()
                .set("resource", resource.id())
                .set("subjectHash", subjectHash)
                .max("expiresAt", expiresAt);
        result.values().forEach((field, value) -> update.set("fields." + field, new Document("value", value)
                .append("collectedAt", collectedAt).append("expiresAt", expiresAt).append("version", resource.version())
                .append("fetchStartedAt", started)));
        return mongo.upsert(Query.query(Criteria.where("_id").is(idOf(resource.id(), subjectHash))), update, COLLECTION)
                .then()
                .onErrorResume(DuplicateKeyException.class, e -> Mono.empty()) // two first stores racing: one wins
                .onErrorResume(e -> {
                    log.warn("Could not keep facts of {} in the cache: {}", resource.id(), e.toString());
                    return Mono.empty();
                });
    }

    /**
     * Forgets what the cache holds about a subject from the named resources, and marks the forgetting so that a
     * fetch already under way does not bring the old facts back.
     */
    Mono<Void> evict(List<String> resourceIds, String subjectHash, Instant at) {
        return Flux.fromIterable(resourceIds)
                .concatMap(resourceId -> mongo.upsert(Query.query(Criteria.where("_id").is(idOf(resourceId, subjectHash))),
                        new Update().unset("fields").set("resource", resourceId).set("subjectHash", subjectHash)
                                .max("invalidatedAt", Date.from(at)).max("expiresAt", Date.from(at.plus(MARK_KEPT))),
                        COLLECTION))
                .then();
    }

    /** Removes what is stale; the TTL index does the same on real MongoDB. */
    Mono<Long> sweep(Instant now) {
        return mongo.remove(Query.query(Criteria.where("expiresAt").lt(Date.from(now))), COLLECTION)
                .map(r -> r.getDeletedCount());
    }

    /**
     * How long a fact stays fresh: the resource's update cycle (an ISO-8601 duration such as PT6H, P1D or P1M),
     * never more than the configured cap; zero means "do not cache".
     */
    Duration lifetimeOf(String updateCycle) {
        Duration cycle = parseCycle(updateCycle);
        return cycle.compareTo(maxAge) > 0 ? maxAge : cycle;
    }

    static Duration parseCycle(String updateCycle) {
        if (updateCycle == null || updateCycle.isBlank()) {
            return Duration.ZERO;
        }
        String text = updateCycle.trim().toUpperCase();
        int time = text.indexOf('T');
        try {
            Period period = time == 1 ? Period.ZERO : Period.parse(time < 0 ? text : text.substring(0, time));
            Duration clock = time < 0 ? Duration.ZERO : Duration.parse("P" + text.substring(time));
            // Calendar months and years as their usual lengths: a cache lifetime, not a date.
            long days = period.getYears() * 365L + period.getMonths() * 30L + period.getDays();
            Duration total = Duration.ofDays(days).plus(clock);
            return total.isNegative() ? Duration.ZERO : total;
        } catch (DateTimeParseException e) {
            return Duration.ZERO;
        }
    }

    static String idOf(String resourceId, String subjectHash) {
        return resourceId + ":" + subjectHash;
    }
}
