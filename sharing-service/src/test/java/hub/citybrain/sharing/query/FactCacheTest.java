package hub.citybrain.sharing.query;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static hub.citybrain.sharing.query.PolicyMother.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import hub.citybrain.sharing.SharingProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The fact cache against the MongoDB wire protocol and a WireMock source: freshness, versions, eviction races. */
class FactCacheTest {

    static final String SUBJECT_HASH = "0123abcd";
    static WireMockServer source;

    MongoServer server;
    MongoClient client;
    ReactiveMongoTemplate mongo;
    FactCache cache;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void startSource() {
        source = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        source.start();
    }

    @AfterAll
    static void stopSource() {
        source.stop();
    }

    @BeforeEach
    void setUp() {
        source.resetAll();
        source.stubFor(get(urlPathMatching("/people/.*")).willReturn(okJson("{\"name\": \"李娜\", \"born\": \"1991-02-03\"}")));
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
        mongo = new ReactiveMongoTemplate(client, "sharing");
        cache = new FactCache(mongo, SourceClientTest.client(SourceResilienceProperties.defaults(), meters), meters,
                new SharingProperties("test-only-hmac-key-0123456789", null, 0, 0, Duration.ofHours(24), 0));
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.shutdownNow();
    }

    Plan.SourceCall call(long version, String... fields) {
        var population = resource("res-population").field("name").field("born").version(version)
                .at(source.baseUrl()).path("/people/{subjectKey}").timeoutMs(5000).build();
        return new Plan.SourceCall(population, List.of(fields), List.of("agr-1"));
    }

    @Test
    void shouldServeAFactOnlyForFieldsItHoldsAndOnlyUnderTheSameResourceVersion() {
        SourceResult first = cache.fetch(call(1, "name"), "k", SUBJECT_HASH).block();
        assertThat(first.succeeded()).as(String.valueOf(first.failure())).isTrue();
        assertThat(first.cached()).isFalse();

        assertThat(cache.fetch(call(1, "name"), "k", SUBJECT_HASH).block().cached()).isTrue();
        // a field the cache does not hold yet: the whole call goes to the source
        assertThat(cache.fetch(call(1, "name", "born"), "k", SUBJECT_HASH).block().cached()).isFalse();
        assertThat(cache.fetch(call(1, "name", "born"), "k", SUBJECT_HASH).block().values())
                .containsEntry("name", "李娜").containsEntry("born", "1991-02-03");
        // the catalog changed the resource (say, remapped its connector): what was mapped before is not used
        assertThat(cache.fetch(call(2, "name"), "k", SUBJECT_HASH).block().cached()).isFalse();
        source.verify(3, getRequestedFor(urlPathMatching("/people/k")));
    }

    @Test
    void shouldNotWriteBackAnAnswerWhoseFetchStartedBeforeTheEviction() throws Exception {
        source.stubFor(get(urlPathMatching("/people/slow")).willReturn(okJson("{\"name\": \"旧名\"}")
                .withFixedDelay(600)));
        var inFlight = cache.fetch(call(1, "name"), "slow", SUBJECT_HASH).subscribeOn(Schedulers.boundedElastic())
                .toFuture();
        Thread.sleep(200);
        cache.evict(List.of("res-population"), SUBJECT_HASH, Instant.now()).block();

        assertThat(inFlight.get().values()).containsEntry("name", "旧名"); // the caller still gets its answer
        assertThat(cache.lookup(call(1, "name"), SUBJECT_HASH, Instant.now()).blockOptional()).isEmpty();
    }

    @Test
    void shouldCacheAgainOnceAFetchStartsAfterTheEviction() {
        cache.evict(List.of("res-population"), SUBJECT_HASH, Instant.now().minusMillis(5)).block();
        cache.fetch(call(1, "name"), "k", SUBJECT_HASH).block();

        assertThat(cache.lookup(call(1, "name"), SUBJECT_HASH, Instant.now()).blockOptional())
                .hasValueSatisfying(hit -> assertThat(hit.values()).containsEntry("name", "李娜"));
    }

    @Test
    void shouldTreatAnExpiredFactAsAMissAndSweepIt() {
        cache.fetch(call(1, "name"), "k", SUBJECT_HASH).block();
        Instant tomorrow = Instant.now().plus(Duration.ofHours(25));

        assertThat(cache.lookup(call(1, "name"), SUBJECT_HASH, tomorrow).blockOptional()).isEmpty();
        assertThat(cache.sweep(tomorrow).block()).isEqualTo(1);
        assertThat(mongo.count(new org.springframework.data.mongodb.core.query.Query(), FactCache.COLLECTION).block())
                .isZero();
    }

    @Test
    void shouldNotCacheAFailedCall() {
        source.stubFor(get(urlPathMatching("/people/missing")).willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.notFound()));
        cache.fetch(call(1, "name"), "missing", SUBJECT_HASH).block();

        assertThat(mongo.findAll(Document.class, FactCache.COLLECTION).collectList().block()).isEmpty();
        assertThat(meters.find(FactCache.LOOKUPS).tag("result", "miss").counter().count()).isEqualTo(1);
        assertThat(Mono.justOrEmpty(meters.find(FactCache.LOOKUPS).tag("result", "hit").counter()).blockOptional())
                .isEmpty();
    }
}
