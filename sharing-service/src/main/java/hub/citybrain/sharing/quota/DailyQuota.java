package hub.citybrain.sharing.quota;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import hub.citybrain.events.AgreementChanged;
import hub.citybrain.support.web.ApiException;
import hub.citybrain.sharing.policy.PolicyView;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Counts, durably in MongoDB, how many queries drew on each agreement today (the day as Shanghai reckons it) and
 * refuses a query once one of its agreements has used up its {@code dailyQuota}.
 *
 * <p>One document per agreement and day, {@code _id = agreementId + ":" + yyyy-MM-dd}. A use is one conditional
 * upsert, {@code findAndModify({_id, count < quota}, {$inc: {count: 1}}, upsert)}: the check and the increment are
 * one atomic step on the server, so concurrent queries on several instances cannot overshoot the quota, and a
 * refused attempt never increments. When the document exists but is at the quota the filter misses, the upsert
 * tries to insert the same {@code _id} again and fails with a duplicate key: that is how "at the quota" shows.
 */
@Component
public class DailyQuota {

    static final String COLLECTION = "quota_usage";
    /** Agreements are signed by Chinese departments; "a day" is the Shanghai calendar day. */
    static final ZoneId DAY_ZONE = ZoneId.of("Asia/Shanghai");
    /** Kept a day past its own day for inspection, then removed by the TTL index on real MongoDB. */
    static final Duration KEPT_AFTER_DAY = Duration.ofDays(1);

    private static final Logger log = LoggerFactory.getLogger(DailyQuota.class);

    private final ReactiveMongoTemplate mongo;
    private final PolicyView policy;
    private final Clock clock;

    @Autowired
    DailyQuota(ReactiveMongoTemplate mongo, PolicyView policy, ObjectProvider<Clock> clock) {
        this(mongo, policy, clock.getIfAvailable(Clock::systemUTC));
    }

    DailyQuota(ReactiveMongoTemplate mongo, PolicyView policy, Clock clock) {
        this.mongo = mongo;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * The TTL index only matters on real MongoDB (the embedded wire server creates it but never expires anything);
     * correctness never depends on it, since the day is part of the key and old days are simply never read.
     */
    @EventListener(ApplicationReadyEvent.class)
    void createExpiryIndex() {
        expiryIndex().subscribe(name -> { }, e -> log.warn("Could not create the TTL index on {}", COLLECTION, e));
    }

    Mono<String> expiryIndex() {
        return mongo.indexOps(COLLECTION)
                .createIndex(new Index().on("expiresAt", Sort.Direction.ASC).expire(Duration.ZERO));
    }

    /**
     * Counts one use today of each agreement a query draws on. A query is refused (429 {@code QUOTA_EXCEEDED}) when
     * ANY agreement it needs is at its quota: the rule is that the (n+1)-th query of the day on an agreement
     * with quota n is refused, and answering only part of a query would hide the reason from the caller. Uses this
     * attempt already took on the other agreements are given back, so a refused query consumes nothing.
     */
    public Mono<Void> use(Collection<String> agreementIds) {
        return Mono.defer(() -> {
            LocalDate day = clock.instant().atZone(DAY_ZONE).toLocalDate();
            List<String> taken = Collections.synchronizedList(new ArrayList<>());
            return Flux.fromIterable(new LinkedHashSet<>(agreementIds))
                    // all at once (a query over four agreements waited for four round trips before its first
                    // source call), and every one allowed to finish before an error is passed on, so that "taken" is
                    // exactly what must be given back on a refusal
                    .flatMapDelayError(id -> take(id, day).doOnSuccess(used -> taken.add(id)), Integer.MAX_VALUE, 1)
                    .then()
                    .onErrorResume(e -> giveBack(taken, day)
                            // several agreements at their quota: one composite error; the caller gets the first
                            .then(Mono.error(Exceptions.unwrapMultiple(e).get(0))));
        });
    }

    private Mono<Void> take(String agreementId, LocalDate day) {
        Optional<AgreementChanged.Agreement> agreement = policy.agreement(agreementId);
        if (agreement.isEmpty()) {
            // Removed between planning and now: the planner found it in force for this query, so do not refuse.
            return Mono.empty();
        }
        int quota = agreement.get().dailyQuota();
        if (quota <= 0) {
            // The registry requires at least 1; anything else allows nothing rather than everything.
            return Mono.error(exceeded(agreementId, quota, day));
        }
        Query underQuota = Query.query(Criteria.where("_id").is(key(agreementId, day)).and("count").lt(quota));
        Update use = new Update().inc("count", 1)
                .setOnInsert("agreementId", agreementId)
                .setOnInsert("day", day.toString())
                .setOnInsert("expiresAt", Date.from(expiresAt(day)));
        FindAndModifyOptions upsert = FindAndModifyOptions.options().upsert(true).returnNew(true);
        return mongo.findAndModify(underQuota, use, upsert, Document.class, COLLECTION)
                // Two first uses of the day racing: the loser's insert collides although the count is below the
                // quota. Once more, now that the document exists, tells "raced" from "at the quota".
                .onErrorResume(DuplicateKeyException.class,
                        e -> mongo.findAndModify(underQuota, use, upsert, Document.class, COLLECTION))
                .onErrorMap(DuplicateKeyException.class, e -> exceeded(agreementId, quota, day))
                .then();
    }

    /** Best effort: should this fail, the refused attempt keeps at most one use per agreement until the day ends. */
    private Mono<Void> giveBack(List<String> taken, LocalDate day) {
        return Flux.fromIterable(taken)
                .concatMap(id -> mongo.updateFirst(Query.query(Criteria.where("_id").is(key(id, day))),
                        new Update().inc("count", -1), COLLECTION))
                .onErrorResume(e -> {
                    log.warn("Could not give back quota uses {} of {}", taken, day, e);
                    return Mono.empty();
                })
                .then();
    }

    static String key(String agreementId, LocalDate day) {
        return agreementId + ":" + day;
    }

    private static Instant expiresAt(LocalDate day) {
        return day.plusDays(1).atStartOfDay(DAY_ZONE).toInstant().plus(KEPT_AFTER_DAY);
    }

    private ApiException exceeded(String agreementId, int quota, LocalDate day) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "QUOTA_EXCEEDED",
                "Agreement " + agreementId + " allows " + quota + " queries a day; today's (Asia/Shanghai) are used up.")
                .withHeader(HttpHeaders.RETRY_AFTER, String.valueOf(secondsUntilNextDay(day, clock.instant())));
    }

    /**
     * Seconds from {@code now} until the quota day after {@code day} begins (midnight in Shanghai), rounded up and
     * at least 1: what a refused client is told in {@code Retry-After}.
     */
    static long secondsUntilNextDay(LocalDate day, Instant now) {
        Duration left = Duration.between(now, day.plusDays(1).atStartOfDay(DAY_ZONE).toInstant());
        long seconds = left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
