package hub.citybrain.sharing.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpStatus;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import hub.citybrain.events.AgreementChanged;
import hub.citybrain.support.web.ApiException;
import hub.citybrain.sharing.policy.PolicyView;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** {@link DailyQuota} against the MongoDB wire server (memory backend). */
class DailyQuotaTest {

    /** 23:30 on 1 March in Shanghai (UTC+8), still 1 March in UTC too. */
    static final Instant LATE_EVENING = Instant.parse("2025-03-01T15:30:00Z");
    /** 00:30 on 2 March in Shanghai, but still 1 March in UTC: the day is Shanghai's. */
    static final Instant JUST_AFTER_MIDNIGHT = Instant.parse("2025-03-01T16:30:00Z");

    MongoServer server;
    MongoClient client;
    ReactiveMongoTemplate mongo;
    final PolicyView policy = new PolicyView();

    @BeforeEach
    void setUp() {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
        mongo = new ReactiveMongoTemplate(client, "sharing");
        policy.apply(agreement("agr-small", 3));
        policy.apply(agreement("agr-large", 100));
        policy.apply(agreement("agr-one", 1));
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.shutdownNow();
    }

    DailyQuota quotaAt(Instant now) {
        return new DailyQuota(mongo, policy, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    @DisplayName("n uses of an agreement with quota n pass; the (n+1)-th is refused with 429 QUOTA_EXCEEDED")
    void shouldRefuseTheUseAfterTheQuota() {
        DailyQuota quota = quotaAt(LATE_EVENING);
        for (int i = 0; i < 3; i++) {
            StepVerifier.create(quota.use(List.of("agr-small"))).verifyComplete();
        }

        StepVerifier.create(quota.use(List.of("agr-small")))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(ApiException.class);
                    ApiException refusal = (ApiException) e;
                    assertThat(refusal.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
                    assertThat(refusal.code()).isEqualTo("QUOTA_EXCEEDED");
                    assertThat(refusal.getMessage()).contains("agr-small").contains("3");
                    // LATE_EVENING is 23:30 in Shanghai: the quota day resets in 30 minutes
                    assertThat(refusal.headers()).containsEntry("Retry-After", "1800");
                })
                .verify(Duration.ofSeconds(5));
    }

    @Test
    @DisplayName("Retry-After counts whole seconds up to the next Shanghai midnight, rounded up, never below 1")
    void shouldRoundRetryAfterUpToTheNextShanghaiMidnight() {
        java.time.LocalDate day = java.time.LocalDate.parse("2025-03-01");
        assertThat(DailyQuota.secondsUntilNextDay(day, Instant.parse("2025-03-01T15:59:58.200Z"))).isEqualTo(2);
        assertThat(DailyQuota.secondsUntilNextDay(day, Instant.parse("2025-03-01T15:59:59.999Z"))).isEqualTo(1);
        assertThat(DailyQuota.secondsUntilNextDay(day, Instant.parse("2025-03-01T16:00:00Z"))).isEqualTo(1);
        assertThat(DailyQuota.secondsUntilNextDay(day, Instant.parse("2025-02-28T16:00:00Z"))).isEqualTo(86_400);
    }

    @Test
    void shouldKeepOneDocumentPerAgreementAndShanghaiDay() {
        quotaAt(LATE_EVENING).use(List.of("agr-small")).block(Duration.ofSeconds(5));
        quotaAt(LATE_EVENING).use(List.of("agr-small")).block(Duration.ofSeconds(5));

        Document usage = stored("agr-small:2025-03-01");
        assertThat(usage.getInteger("count")).isEqualTo(2);
        assertThat(usage.getString("agreementId")).isEqualTo("agr-small");
        assertThat(usage.getString("day")).isEqualTo("2025-03-01");
        // the day ends at 16:00 UTC; kept one more day
        assertThat(usage.get("expiresAt", Date.class).toInstant()).isEqualTo(Instant.parse("2025-03-02T16:00:00Z"));
    }

    @Test
    void shouldNotConsumeQuotaWithARefusedUse() {
        DailyQuota quota = quotaAt(LATE_EVENING);
        quota.use(List.of("agr-one")).block(Duration.ofSeconds(5));

        for (int i = 0; i < 3; i++) {
            StepVerifier.create(quota.use(List.of("agr-one"))).expectError(ApiException.class).verify(Duration.ofSeconds(5));
        }

        assertThat(stored("agr-one:2025-03-01").getInteger("count")).isEqualTo(1);
    }

    @Test
    @DisplayName("a query is refused when any agreement it needs is at its quota, and takes nothing from the others")
    void shouldGiveBackTheOtherAgreementsUsesWhenOneIsAtItsQuota() {
        DailyQuota quota = quotaAt(LATE_EVENING);
        quota.use(List.of("agr-one")).block(Duration.ofSeconds(5));

        StepVerifier.create(quota.use(List.of("agr-large", "agr-one", "agr-small")))
                .expectErrorSatisfies(e -> assertThat(e.getMessage()).contains("agr-one"))
                .verify(Duration.ofSeconds(5));

        // the uses are taken all at once: the others were taken and given back
        assertThat(stored("agr-large:2025-03-01").getInteger("count")).isZero();
        assertThat(stored("agr-one:2025-03-01").getInteger("count")).isEqualTo(1);
        assertThat(stored("agr-small:2025-03-01").getInteger("count")).isZero();
    }

    @Test
    @DisplayName("two agreements at their quota: still one 429 QUOTA_EXCEEDED, and nothing taken from the third")
    void shouldRefuseWithOneProblemWhenSeveralAgreementsAreAtTheirQuota() {
        DailyQuota quota = quotaAt(LATE_EVENING);
        quota.use(List.of("agr-one")).block(Duration.ofSeconds(5));
        policy.apply(agreement("agr-two", 1));
        quota.use(List.of("agr-two")).block(Duration.ofSeconds(5));

        StepVerifier.create(quota.use(List.of("agr-one", "agr-large", "agr-two")))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(ApiException.class);
                    assertThat(((ApiException) e).code()).isEqualTo("QUOTA_EXCEEDED");
                })
                .verify(Duration.ofSeconds(5));

        assertThat(stored("agr-large:2025-03-01").getInteger("count")).isZero();
        assertThat(stored("agr-one:2025-03-01").getInteger("count")).isEqualTo(1);
        assertThat(stored("agr-two:2025-03-01").getInteger("count")).isEqualTo(1);
    }

    @Test
    void shouldStartAgainOnTheNextShanghaiDay() {
        quotaAt(LATE_EVENING).use(List.of("agr-one")).block(Duration.ofSeconds(5));
        StepVerifier.create(quotaAt(LATE_EVENING).use(List.of("agr-one"))).expectError(ApiException.class)
                .verify(Duration.ofSeconds(5));

        StepVerifier.create(quotaAt(JUST_AFTER_MIDNIGHT).use(List.of("agr-one"))).verifyComplete();

        assertThat(stored("agr-one:2025-03-02").getInteger("count")).isEqualTo(1);
    }

    @Test
    @DisplayName("uses are counted in MongoDB, so a new instance (a restart, another replica) sees them")
    void shouldKeepCountsAcrossInstances() {
        DailyQuota first = quotaAt(LATE_EVENING);
        for (int i = 0; i < 3; i++) {
            first.use(List.of("agr-small")).block(Duration.ofSeconds(5));
        }

        StepVerifier.create(quotaAt(LATE_EVENING).use(List.of("agr-small"))).expectError(ApiException.class)
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void shouldNotOvershootTheQuotaUnderConcurrentUses() {
        DailyQuota quota = quotaAt(LATE_EVENING);
        AtomicInteger refused = new AtomicInteger();

        Flux.range(0, 20)
                .flatMap(i -> quota.use(List.of("agr-small"))
                        .onErrorResume(ApiException.class, e -> {
                            refused.incrementAndGet();
                            return Mono.empty();
                        }), 20)
                .blockLast(Duration.ofSeconds(10));

        assertThat(refused).hasValue(17);
        assertThat(stored("agr-small:2025-03-01").getInteger("count")).isEqualTo(3);
    }

    @Test
    void shouldCreateTheExpiryIndex() {
        StepVerifier.create(quotaAt(LATE_EVENING).expiryIndex()).expectNextCount(1).verifyComplete();
    }

    Document stored(String id) {
        return mongo.findById(id, Document.class, DailyQuota.COLLECTION).block(Duration.ofSeconds(5));
    }

    static AgreementChanged.Agreement agreement(String id, int dailyQuota) {
        return new AgreementChanged.Agreement(id, "gaoyou.civil-affairs", "res-" + id, "yangzhou.public-security",
                List.of("name"), "SOCIAL_ASSISTANCE", "最低生活保障资格审核", "《社会救助暂行办法》第十一条",
                Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"), dailyQuota, "ACTIVE", 1,
                null);
    }
}
