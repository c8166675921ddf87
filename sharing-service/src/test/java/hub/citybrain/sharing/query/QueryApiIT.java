package hub.citybrain.sharing.query;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static hub.citybrain.sharing.TrustTestTokens.TOKENS;
import static hub.citybrain.sharing.query.PolicyMother.CONSUMER;
import static hub.citybrain.sharing.query.PolicyMother.agreement;
import static hub.citybrain.sharing.query.PolicyMother.resource;
import static hub.citybrain.testsupport.Problems.expectProblem;
import static hub.citybrain.testsupport.Problems.expectValidationFailed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.reactivestreams.Publisher;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import com.github.tomakehurst.wiremock.WireMockServer;

import hub.citybrain.events.DepartmentChanged;
import hub.citybrain.events.SubjectChanged;
import hub.citybrain.events.Topics;
import hub.citybrain.identity.Level;
import hub.citybrain.identity.Roles;
import hub.citybrain.testsupport.TestTokens;
import hub.citybrain.sharing.access.SubjectKeyHasher;
import hub.citybrain.sharing.policy.PolicyView;
import hub.citybrain.sharing.SharingIT;
import hub.citybrain.testsupport.TestClients;
import hub.citybrain.testsupport.TopicReader;
import hub.citybrain.testsupport.WireMocks;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/**
 * A county department queries a person across three source systems at three government levels, with the
 * policy learnt from the registry's topics on a real (embedded) Kafka broker.
 */
@SharingIT("citybrain.outbox.interval=100ms")
class QueryApiIT {

    static final String SUBJECT = "320102199001011234";
    /** The township source takes longer than its connector's timeout for this subject. */
    static final String SLOW_SUBJECT = "320102198502025678";

    static final WireMockServer MUNICIPAL = WireMocks.started();
    static final WireMockServer COUNTY = WireMocks.started();
    static final WireMockServer TOWNSHIP = WireMocks.started();

    static final PolicyMother.ResourceBuilder POPULATION = resource("res-population")
            .heldBy("yangzhou.public-security", "MUNICIPAL")
            .field("name").mapped("name", "/person/name")
            .field("birthDate").mapped("birthDate", "/person/born")
            .field("address")
            .at(MUNICIPAL.baseUrl()).path("/people/{subjectKey}").timeoutMs(1000);
    static final PolicyMother.ResourceBuilder EMPLOYMENT = resource("res-employment")
            .heldBy("gaoyou.human-resources", "COUNTY")
            .field("employer").mapped("employer", "/job/employer")
            .at(COUNTY.baseUrl()).path("/employment/{subjectKey}").timeoutMs(1000);
    static final PolicyMother.ResourceBuilder RESIDENCE = resource("res-residence")
            .heldBy("gaoyou.chengnan-street", "TOWNSHIP")
            .field("householdSize")
            .at(TOWNSHIP.baseUrl()).path("/residents/{subjectKey}").timeoutMs(400);

    static boolean policyPublished;

    @Value("${local.server.port}")
    int port;
    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;
    @Autowired
    PolicyPublisher publisher;
    @Autowired
    PolicyView policy;
    @Autowired
    org.springframework.kafka.config.KafkaListenerEndpointRegistry listeners;
    @Autowired
    ReactiveMongoTemplate mongo;

    final JsonMapper json = JsonMapper.builder().build();
    WebTestClient http;

    @AfterAll
    static void stopSources() {
        MUNICIPAL.stop();
        COUNTY.stop();
        TOWNSHIP.stop();
        if (Batch.BATCH_SOURCE.isRunning()) {
            Batch.BATCH_SOURCE.stop();
        }
    }

    @BeforeEach
    void setUp() {
        http = TestClients.local(port);
        stubSources();
        // every test starts with a cold fact cache; the cache's own tests warm it themselves
        mongo.dropCollection(FactCache.COLLECTION).block();
        if (!policyPublished) {
            publishPolicy();
            policyPublished = true;
        }
    }

    void stubSources() {
        for (WireMockServer source : List.of(MUNICIPAL, COUNTY, TOWNSHIP)) {
            source.resetAll();
        }
        MUNICIPAL.stubFor(get(urlPathMatching("/people/.*"))
                .willReturn(okJson("{\"person\": {\"name\": \"王小明\", \"born\": \"1990-01-01\", \"address\": \"x\"}}")));
        COUNTY.stubFor(get(urlPathMatching("/employment/.*"))
                .willReturn(okJson("{\"job\": {\"employer\": \"高邮市城南中学\"}}")));
        TOWNSHIP.stubFor(get(urlEqualTo("/residents/" + SUBJECT)).willReturn(okJson("{\"householdSize\": 4}")));
        TOWNSHIP.stubFor(get(urlEqualTo("/residents/" + SLOW_SUBJECT))
                .willReturn(okJson("{\"householdSize\": 2}").withFixedDelay(2000)));
    }

    /** What the registry would publish: three resources, and agreements covering all but {@code address}. */
    void publishPolicy() {
        var population = POPULATION.build();
        var employment = EMPLOYMENT.build();
        var residence = RESIDENCE.build();
        for (var resource : List.of(POPULATION, EMPLOYMENT, RESIDENCE)) {
            publisher.publish(resource.event());
        }
        for (var agreement : List.of(
                agreement("agr-population").consumer(CONSUMER).on(population, "name", "birthDate"),
                agreement("agr-employment").consumer(CONSUMER).on(employment, "employer"),
                agreement("agr-residence").consumer(CONSUMER).on(residence, "householdSize"),
                // someone else's agreement on the uncovered field must not help
                agreement("agr-other").consumer("baoying.civil-affairs").on(population, "address"))) {
            publisher.publish(agreement.event());
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(policy.agreementsOf(CONSUMER, "res-population")).hasSize(1);
            assertThat(policy.agreementsOf(CONSUMER, "res-employment")).hasSize(1);
            assertThat(policy.agreementsOf(CONSUMER, "res-residence")).hasSize(1);
            assertThat(policy.agreementsOf("baoying.civil-affairs", "res-population")).hasSize(1);
            assertThat(policy.resourceCount()).isEqualTo(3);
        });
    }

    static String queryToken() {
        return TOKENS.department(CONSUMER, Level.COUNTY, "321084", Roles.QUERY);
    }

    static Map<String, Object> query(String subjectKey, String... fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subjectType", "PERSON");
        body.put("subjectKey", subjectKey);
        body.put("fields", List.of(fields));
        body.put("purpose", PolicyMother.PURPOSE);
        return body;
    }

    WebTestClient.ResponseSpec post(String token, Object body) {
        var request = http.post().uri("/api/v1/queries").contentType(MediaType.APPLICATION_JSON);
        if (token != null) {
            request = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        return request.bodyValue(body).exchange();
    }

    @Nested
    @DisplayName("a query under agreements")
    class Answered {

        @Test
        void shouldAnswerGrantedFieldsFromThreeSourcesWithProvenance() {
            post(queryToken(), query(SUBJECT, "name", "birthDate", "employer", "householdSize"))
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.queryId").isNotEmpty()
                    .jsonPath("$.fields.name.value").isEqualTo("王小明")
                    .jsonPath("$.fields.name.source.resource").isEqualTo("res-population")
                    .jsonPath("$.fields.name.source.department").isEqualTo("yangzhou.public-security")
                    .jsonPath("$.fields.name.source.level").isEqualTo("MUNICIPAL")
                    .jsonPath("$.fields.birthDate.value").isEqualTo("1990-01-01")
                    .jsonPath("$.fields.employer.value").isEqualTo("高邮市城南中学")
                    .jsonPath("$.fields.employer.source.department").isEqualTo("gaoyou.human-resources")
                    .jsonPath("$.fields.employer.source.level").isEqualTo("COUNTY")
                    .jsonPath("$.fields.householdSize.value").isEqualTo(4)
                    .jsonPath("$.fields.householdSize.source.resource").isEqualTo("res-residence")
                    .jsonPath("$.fields.householdSize.source.level").isEqualTo("TOWNSHIP")
                    .jsonPath("$.fields.householdSize.collectedAt").isNotEmpty()
                    .jsonPath("$.denied").isEmpty()
                    .jsonPath("$.unavailable").isEmpty();

            // one call per source, however many of its fields were asked
            MUNICIPAL.verify(1, getRequestedFor(urlEqualTo("/people/" + SUBJECT)));
            COUNTY.verify(1, getRequestedFor(urlEqualTo("/employment/" + SUBJECT)));
            TOWNSHIP.verify(1, getRequestedFor(urlEqualTo("/residents/" + SUBJECT)));
        }

        @Test
        void shouldDenyFieldOutsideAgreementAndNeverFetchIt() {
            post(queryToken(), query(SUBJECT, "address", "employer"))
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.denied.length()").isEqualTo(1)
                    .jsonPath("$.denied[0].field").isEqualTo("address")
                    .jsonPath("$.denied[0].reason").isEqualTo("NO_AGREEMENT")
                    .jsonPath("$.fields.address").doesNotExist()
                    .jsonPath("$.fields.employer.value").isEqualTo("高邮市城南中学");

            MUNICIPAL.verify(0, getRequestedFor(urlPathMatching("/people/.*")));
        }

        @Test
        void shouldReportASlowSourceAsUnavailableWhileTheOthersAnswer() {
            post(queryToken(), query(SLOW_SUBJECT, "name", "employer", "householdSize"))
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.fields.name.value").isEqualTo("王小明")
                    .jsonPath("$.fields.employer.value").isEqualTo("高邮市城南中学")
                    .jsonPath("$.fields.householdSize").doesNotExist()
                    .jsonPath("$.unavailable.length()").isEqualTo(1)
                    .jsonPath("$.unavailable[0].field").isEqualTo("householdSize")
                    .jsonPath("$.unavailable[0].source").isEqualTo("res-residence")
                    .jsonPath("$.unavailable[0].reason").isEqualTo("TIMEOUT");
        }
    }

    @Nested
    @DisplayName("the access record")
    class AccessRecord {

        @Test
        void shouldStoreTheAccessRecordWithTheSubjectKeyHashedOnly() {
            String queryId = queryIdOf(post(queryToken(), query(SUBJECT, "name", "address")));

            Document stored = mongo.findById(queryId, Document.class, "access_records").block(Duration.ofSeconds(5));

            assertThat(stored).isNotNull();
            Document access = stored.get("access", Document.class);
            assertThat(access.getString("subjectKeyHash")).matches("[0-9a-f]{64}");
            assertThat(access.getString("consumer")).isEqualTo(CONSUMER);
            assertThat(access.getString("consumerLevel")).isEqualTo("COUNTY");
            assertThat(access.getList("fieldsGiven", String.class)).containsExactly("name");
            assertThat(access.getList("agreementIds", String.class)).containsExactly("agr-population");
            assertThat(access.getString("outcome")).isEqualTo("PARTIAL");
            assertThat(stored.toJson()).doesNotContain(SUBJECT);
        }

        @Test
        void shouldHashTheSameSubjectTheSameWayAndDifferentSubjectsDifferently() {
            String first = queryIdOf(post(queryToken(), query(SUBJECT, "name")));
            String second = queryIdOf(post(queryToken(), query(SUBJECT, "employer")));
            String other = queryIdOf(post(queryToken(), query(SLOW_SUBJECT, "name")));

            assertThat(hashOf(first)).isEqualTo(hashOf(second)).isNotEqualTo(hashOf(other));
        }

        @Test
        void shouldPublishTheAccessRecordKeyedByQueryId() throws Exception {
            String queryId = queryIdOf(post(queryToken(), query(SUBJECT, "name", "employer")));

            try (var topic = new TopicReader(bootstrapServers, Topics.SHARING_ACCESS)) {
                var record = topic.awaitKey(queryId);

                assertThat(new String(record.headers().lastHeader(Topics.TYPE_HEADER).value(),
                        StandardCharsets.UTF_8)).isEqualTo(hub.citybrain.events.AccessRecorded.TYPE);
                var event = json.readTree(record.value());
                assertThat(event.path("eventId").asString()).isNotBlank();
                assertThat(event.path("access").path("queryId").asString()).isEqualTo(queryId);
                assertThat(event.path("access").path("subjectKeyHash").asString()).hasSize(64);
                assertThat(record.value()).doesNotContain(SUBJECT);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> mongo
                    .findById(queryId, Document.class, "access_records").block().get("publishedAt") != null);
        }

        String hashOf(String queryId) {
            Document stored = mongo.findById(queryId, Document.class, "access_records").block(Duration.ofSeconds(5));
            return stored.get("access", Document.class).getString("subjectKeyHash");
        }

        String queryIdOf(WebTestClient.ResponseSpec response) {
            var body = response.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
            return json.readTree(body).path("queryId").asString();
        }
    }

    @Nested
    @DisplayName("an agreement's daily quota")
    class Quota {

        static final String QUOTA_CONSUMER = "gaoyou.medical-insurance";

        @Test
        void shouldRefuseTheQueryAfterTheDailyQuotaWith429() {
            var event = agreement("agr-quota").consumer(QUOTA_CONSUMER).on(EMPLOYMENT.build(), "employer")
                    .dailyQuota(3).event();
            publisher.publish(event);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(policy.agreementsOf(QUOTA_CONSUMER, "res-employment")).hasSize(1));
            String token = TOKENS.department(QUOTA_CONSUMER, Level.COUNTY, "321084", Roles.QUERY);

            // three different subjects, so that each of the three allowed queries reaches the source
            for (int i = 0; i < 3; i++) {
                post(token, query("32010219900101000" + i, "employer")).expectStatus().isOk();
            }
            expectProblem(post(token, query("320102199001010009", "employer")), 429, "QUOTA_EXCEEDED")
                    .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("agr-quota", "3"));

            // the refused query reached no source
            COUNTY.verify(3, getRequestedFor(urlPathMatching("/employment/.*")));
            COUNTY.verify(0, getRequestedFor(urlEqualTo("/employment/320102199001010009")));
        }
    }

    @Nested
    @DisplayName("a deactivated department")
    class Deactivated {

        static final String DEPT = "gaoyou.closed-office";

        void publish(String status, long version) {
            var event = DepartmentChanged.of(UUID.randomUUID().toString(), Instant.now(),
                    new DepartmentChanged.Department(DEPT, "高邮市已撤销办公室", "Gaoyou closed office", "COUNTY", "321084",
                            "CONSUMER", status, version));
            publisher.send(Topics.REGISTRY_DEPARTMENTS, DEPT, DepartmentChanged.TYPE, event);
        }

        WebTestClient.ResponseSpec batch(String token) {
            return http.post().uri("/api/v1/queries/batch")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .contentType(MediaType.APPLICATION_NDJSON)
                    .bodyValue("{\"subjectType\":\"PERSON\",\"subjectKey\":\"320102199001010606\",\"fields\":[\"name\"],"
                            + "\"purpose\":\"SOCIAL_ASSISTANCE\"}\n")
                    .exchange();
        }

        WebTestClient.ResponseSpec check(String token) {
            return http.post().uri("/api/v1/collection-checks")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("subjectType", "PERSON", "fields", List.of("姓名"), "subjects", 10,
                            "purpose", "SOCIAL_ASSISTANCE"))
                    .exchange();
        }

        WebTestClient.ResponseSpec burden(String token) {
            return http.get().uri("/api/v1/metrics/burden").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .exchange();
        }

        static void expectInactive(WebTestClient.ResponseSpec response) {
            expectProblem(response, 403, "DEPARTMENT_INACTIVE");
        }

        @Test
        @DisplayName("the department feed stays on its own container: the service's listeners keep their own rebalance handling")
        void shouldNotLendTheDepartmentFeedToOtherListeners() {
            assertThat(listeners.getListenerContainers()).isNotEmpty().allSatisfy(container -> assertThat(
                    String.valueOf(container.getContainerProperties().getConsumerRebalanceListener()))
                    .doesNotContain("DepartmentStatusFeed"));
        }

        @Test
        @DisplayName("is refused with 403 DEPARTMENT_INACTIVE on every path while its token is still valid, and served again once reactivated")
        void shouldRefuseEveryCallOfADeactivatedDepartment() {
            String token = TOKENS.department(DEPT, Level.COUNTY, "321084", Roles.QUERY);
            post(token, query("320102199001010606", "name")).expectStatus().isOk();
            check(token).expectStatus().isCreated();
            burden(token).expectStatus().isOk();

            publish("INACTIVE", 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> burden(token).returnResult(Void.class).getStatus()
                    .value() == 403);
            // the query paths are refused by the query code (which can record the attempt), the rest by the filter
            expectInactive(post(token, query("320102199001010606", "name")));
            expectInactive(batch(token));
            expectInactive(check(token));
            expectInactive(burden(token));
            // another department is served as before
            post(queryToken(), query("320102199001010606", "name")).expectStatus().isOk();

            publish("ACTIVE", 3);
            await().atMost(Duration.ofSeconds(30)).until(() -> burden(token).returnResult(Void.class).getStatus()
                    .value() == 200);
            post(token, query("320102199001010606", "name")).expectStatus().isOk();
            batch(token).expectStatus().isOk();
            check(token).expectStatus().isCreated();
        }
    }

    @Nested
    @DisplayName("the fact cache")
    class Cache {

        static final String CACHE_CONSUMER = "gaoyou.veterans-affairs";
        static final String CACHED_SUBJECT = "321084197002020022";

        @Autowired
        SubjectKeyHasher hasher;
        @Autowired
        MeterRegistry meters;

        String token() {
            return TOKENS.department(CACHE_CONSUMER, Level.COUNTY, "321084", Roles.QUERY);
        }

        void grant(long version, String status) {
            var event = agreement("agr-cache").consumer(CACHE_CONSUMER).on(POPULATION.build(), "name", "birthDate")
                    .status(status).version(version).event();
            publisher.publish(event);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    policy.agreementsOf(CACHE_CONSUMER, "res-population")).singleElement()
                    .satisfies(a -> assertThat(a.status()).isEqualTo(status)));
        }

        double lookups(String result) {
            var counter = meters.find(FactCache.LOOKUPS).tags("source", "res-population", "result", result).counter();
            return counter == null ? 0 : counter.count();
        }

        /** Asks for the subject's name; answers the 200 answer's body. */
        WebTestClient.BodyContentSpec askName() {
            return post(token(), query(CACHED_SUBJECT, "name")).expectStatus().isOk().expectBody();
        }

        void expectNameCached(boolean cached) {
            askName().jsonPath("$.fields.name.cached").isEqualTo(cached);
        }

        void announceChange(String resourceId) {
            var notice = SubjectChanged.of(UUID.randomUUID().toString(), Instant.now(), resourceId, "PERSON",
                    CACHED_SUBJECT);
            publisher.send(Topics.SOURCES_CHANGES, "PERSON:" + CACHED_SUBJECT, notice.type(), notice);
        }

        @Test
        void shouldServeTheSecondIdenticalQueryFromTheCacheUntilTheSourceAnnouncesAChange() {
            grant(1, "ACTIVE");
            double hits = lookups("hit");
            double misses = lookups("miss");

            post(token(), query(CACHED_SUBJECT, "name", "birthDate")).expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.fields.name.value").isEqualTo("王小明")
                    .jsonPath("$.fields.name.cached").isEqualTo(false);
            MUNICIPAL.verify(1, getRequestedFor(urlEqualTo("/people/" + CACHED_SUBJECT)));

            post(token(), query(CACHED_SUBJECT, "name", "birthDate")).expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.fields.name.value").isEqualTo("王小明")
                    .jsonPath("$.fields.name.cached").isEqualTo(true)
                    .jsonPath("$.fields.name.source.resource").isEqualTo("res-population")
                    .jsonPath("$.fields.birthDate.value").isEqualTo("1990-01-01");
            MUNICIPAL.verify(1, getRequestedFor(urlEqualTo("/people/" + CACHED_SUBJECT)));
            assertThat(lookups("miss")).isEqualTo(misses + 1);
            assertThat(lookups("hit")).isEqualTo(hits + 1);

            announceChange("res-population");

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                expectNameCached(false);
                MUNICIPAL.verify(2, getRequestedFor(urlEqualTo("/people/" + CACHED_SUBJECT)));
            });
        }

        @Test
        void shouldForgetTheSubjectForEveryResourceWhenTheNoticeNamesNone() {
            grant(1, "ACTIVE");
            askName();
            expectNameCached(true);

            announceChange(null);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                expectNameCached(false);
            });
        }

        @Test
        void shouldNeverServeACachedFactOnceItsAgreementIsRevoked() {
            grant(1, "ACTIVE");
            askName();
            expectNameCached(true);

            grant(2, "REVOKED");

            askName()
                    .jsonPath("$.fields.name").doesNotExist()
                    .jsonPath("$.denied[0].field").isEqualTo("name")
                    .jsonPath("$.denied[0].reason").isEqualTo("NO_AGREEMENT");
            grant(3, "ACTIVE"); // leave the agreement as the other tests expect it
        }

        @Test
        void shouldAskTheSourceAgainOnceTheCachedFactIsStale() {
            grant(1, "ACTIVE");
            askName();
            String id = FactCache.idOf("res-population", hasher.hash("PERSON", CACHED_SUBJECT));
            mongo.getCollection(FactCache.COLLECTION)
                    .flatMap(c -> Mono.from(c.updateOne(new Document("_id", id), new Document("$set",
                            new Document("fields.name.expiresAt", Date.from(Instant.now().minusSeconds(1)))))))
                    .block();

            expectNameCached(false);
            MUNICIPAL.verify(2, getRequestedFor(urlEqualTo("/people/" + CACHED_SUBJECT)));
        }

        @Test
        void shouldKeepOnlyTheSubjectHashInTheCache() {
            grant(1, "ACTIVE");
            askName();

            List<Document> cached = mongo.findAll(Document.class, FactCache.COLLECTION).collectList().block();
            assertThat(cached).isNotEmpty();
            assertThat(cached).allSatisfy(doc -> assertThat(doc.toJson()).doesNotContain(CACHED_SUBJECT));
        }
    }

    @Nested
    @DisplayName("a batch of subjects")
    class Batch {

        static final String BATCH_CONSUMER = "gaoyou.statistics";
        /** Its own source, with no request journal: a journal of 10,000 requests would muddy the heap figure. */
        static final WireMockServer BATCH_SOURCE = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
                .disableRequestJournal());
        static boolean granted;

        @BeforeEach
        void grantOnce() {
            if (granted) {
                return;
            }
            BATCH_SOURCE.start();
            BATCH_SOURCE.stubFor(get(urlPathMatching("/census/.*")).willReturn(okJson(
                    "{\"name\": \"王小明\", \"gender\": \"男\", \"born\": \"1990-01-01\", \"ethnicity\": \"汉族\", "
                            + "\"address\": \"江苏省高邮市城南新区\"}")));
            var census = resource("res-census").heldBy("yangzhou.statistics", "MUNICIPAL")
                    .field("censusName").mapped("censusName", "/name")
                    .field("censusGender").mapped("censusGender", "/gender")
                    .field("censusBirthDate").mapped("censusBirthDate", "/born")
                    .field("censusEthnicity").mapped("censusEthnicity", "/ethnicity")
                    .field("censusAddress").mapped("censusAddress", "/address")
                    .at(BATCH_SOURCE.baseUrl()).path("/census/{subjectKey}").timeoutMs(2000);
            publisher.publish(census.event());
            var agreement = agreement("agr-census").consumer(BATCH_CONSUMER).on(census.build(), "censusName",
                    "censusGender", "censusBirthDate", "censusEthnicity", "censusAddress").purpose("STATISTICS")
                    .dailyQuota(1_000_000).event();
            publisher.publish(agreement);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(policy.agreementsOf(BATCH_CONSUMER, "res-census")).hasSize(1));
            granted = true;
        }

        String token() {
            return TOKENS.department(BATCH_CONSUMER, Level.MUNICIPAL, "3210", Roles.QUERY);
        }

        static String line(String subjectKey) {
            return "{\"subjectType\":\"PERSON\",\"subjectKey\":\"" + subjectKey + "\",\"fields\":[\"censusName\","
                    + "\"censusGender\",\"censusBirthDate\",\"censusEthnicity\",\"censusAddress\"],"
                    + "\"purpose\":\"STATISTICS\"}\n";
        }

        WebClient client() {
            return WebClient.builder().baseUrl("http://127.0.0.1:" + port)
                    .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token())
                    .codecs(c -> c.defaultCodecs().maxInMemorySize(1 << 20))
                    .build();
        }

        Flux<Map<String, Object>> postLines(Publisher<String> lines) {
            return client().post().uri("/api/v1/queries/batch")
                    .contentType(MediaType.APPLICATION_NDJSON).accept(MediaType.APPLICATION_NDJSON)
                    .body(lines, String.class)
                    .retrieve()
                    .bodyToFlux(new ParameterizedTypeReference<Map<String, Object>>() { });
        }

        @Test
        void shouldAnswerEveryLineAndRefuseOnlyTheBadOnes() {
            List<Map<String, Object>> out = postLines(Flux.just(line("320102199001010101"), "{not json\n", "\n",
                    "{\"subjectType\":\"PERSON\",\"subjectKey\":\"x\",\"purpose\":\"P\"}\n",
                    line("320102199001010202"))).collectList().block(Duration.ofSeconds(30));

            assertThat(out).hasSize(4);
            Map<Object, Map<String, Object>> byLine = new LinkedHashMap<>();
            out.forEach(l -> byLine.put(((Number) l.get("line")).intValue(), l));
            assertThat(byLine).containsOnlyKeys(1, 2, 4, 5); // the blank line 3 is skipped, not counted as a subject
            assertThat(byLine.get(1)).containsEntry("status", 200).containsEntry("subjectKey", "320102199001010101");
            assertThat(byLine.get(1).get("answer")).asString().contains("censusName={value=王小明");
            assertThat(byLine.get(2)).containsEntry("status", 400).extracting("problem").asString()
                    .contains("MALFORMED_REQUEST");
            assertThat(byLine.get(4)).containsEntry("status", 400).extracting("problem").asString()
                    .contains("VALIDATION_FAILED", "fields");
            assertThat(byLine.get(5)).containsEntry("status", 200);
        }

        @Test
        void shouldStreamTheFirstAnswerBeforeTheRequestHasEnded() {
            Sinks.Many<String> request = Sinks.many().unicast().onBackpressureBuffer();
            request.tryEmitNext(line("320102199001010303"));
            List<Object> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

            // the rest of the request is sent only once the first answer arrived: a service that waited for the
            // whole request (or buffered its answer) would never answer here
            StepVerifier.create(postLines(request.asFlux()).doOnNext(l -> {
                seen.add(l.get("line"));
                if (seen.size() == 1) {
                    request.tryEmitNext(line("320102199001010404"));
                    request.tryEmitComplete();
                }
            }))
                    .expectNextMatches(l -> ((Number) l.get("line")).intValue() == 1)
                    .expectNextMatches(l -> ((Number) l.get("line")).intValue() == 2)
                    .expectComplete()
                    .verify(Duration.ofSeconds(30));
        }

        @Test
        void shouldRefuseABatchFromATokenThatActsForNoDepartment() {
            http.post().uri("/api/v1/queries/batch")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer "
                            + TOKENS.department(null, Level.COUNTY, "321084", Roles.QUERY))
                    .contentType(MediaType.APPLICATION_NDJSON)
                    .bodyValue(line("320102199001010505"))
                    .exchange()
                    .expectStatus().isEqualTo(422)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("NO_DEPARTMENT");
        }

        @Test
        void shouldAnswer415ProblemForAJsonArrayBody() {
            http.post().uri("/api/v1/queries/batch")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token())
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("[]")
                    .exchange()
                    .expectStatus().isEqualTo(415)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }

        /**
         * Ten thousand subjects (five fields each) streamed through; the heap is sampled while they flow. The
         * figures are written to target/batch-heap.txt and reported, not asserted: time and memory are for the
         * benchmark to judge.
         */
        @Test
        void shouldStreamTenThousandSubjects() throws Exception {
            int subjects = Integer.getInteger("citybrain.batch.subjects", 10_000);
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            long before = memory.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong(before);
            var sampler = Flux.interval(Duration.ofMillis(50))
                    .subscribe(t -> peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max));
            long started = System.nanoTime();
            java.util.BitSet lines = new java.util.BitSet(subjects + 1);
            AtomicLong answered = new AtomicLong();
            java.util.function.IntFunction<String> subject = i -> String.format("3210841990%08d", i);

            // A client that reads the answer while it is still sending, with the body made a line at a time (the JDK
            // client; WebClient would only read the answer after sending all 10,000 lines, and both ends would wait).
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                    + "/api/v1/queries/batch"))
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token())
                    .header(HttpHeaders.CONTENT_TYPE, "application/x-ndjson")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.SequenceInputStream(
                            new java.util.Enumeration<java.io.InputStream>() {
                                int next;

                                @Override
                                public boolean hasMoreElements() {
                                    return next < subjects;
                                }

                                @Override
                                public java.io.InputStream nextElement() {
                                    return new java.io.ByteArrayInputStream(line(subject.apply(next++))
                                            .getBytes(StandardCharsets.UTF_8));
                                }
                            })))
                    .build();
            var response = java.net.http.HttpClient.newHttpClient().send(request,
                    java.net.http.HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            response.body().forEach(text -> {
                var line = json.readTree(text);
                int number = line.get("line").asInt();
                lines.set(number);
                assertThat(line.get("subjectKey").asString()).isEqualTo(subject.apply(number - 1));
                if (line.get("status").asInt() == 200) {
                    answered.incrementAndGet();
                }
            });
            long elapsedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
            sampler.dispose();
            System.gc();
            long after = memory.getHeapMemoryUsage().getUsed();

            assertThat(lines.cardinality()).isEqualTo(subjects);
            assertThat(lines.nextSetBit(0)).isEqualTo(1);
            assertThat(answered.get()).isEqualTo(subjects);
            String report = String.format("batch of %d subjects x 5 fields: %d ms (%.0f subjects/s); heap used "
                    + "before %d MiB, peak while streaming %d MiB, after %d MiB (max %d MiB)%n", subjects, elapsedMs,
                    subjects * 1000.0 / elapsedMs, before >> 20, peak.get() >> 20, after >> 20,
                    memory.getHeapMemoryUsage().getMax() >> 20);
            System.out.print(report);
            Files.writeString(Path.of("target", "batch-heap.txt"), report);
        }
    }

    @Nested
    @DisplayName("who may query")
    class Authorization {

        @Test
        void shouldAnswer401ProblemWithoutAToken() {
            expectProblem(post(null, query(SUBJECT, "name")), 401, "UNAUTHENTICATED");
            MUNICIPAL.verify(0, getRequestedFor(urlPathMatching(".*")));
        }

        @Test
        void shouldAnswer401ForATokenSignedByAnotherKey() {
            String forged = new TestTokens().department(CONSUMER, Level.COUNTY, "321084", Roles.QUERY);

            expectProblem(post(forged, query(SUBJECT, "name")), 401, "UNAUTHENTICATED");
        }

        @Test
        void shouldAnswer403WithoutTheQueryRole() {
            String provider = TOKENS.department(CONSUMER, Level.COUNTY, "321084", Roles.PROVIDE);

            expectProblem(post(provider, query(SUBJECT, "name")), 403, "FORBIDDEN");
            MUNICIPAL.verify(0, getRequestedFor(urlPathMatching(".*")));
        }

        @Test
        void shouldRefuseATokenThatActsForNoDepartment() {
            String nobody = TOKENS.department(null, Level.COUNTY, "321084", Roles.QUERY);

            expectProblem(post(nobody, query(SUBJECT, "name")), 422, "NO_DEPARTMENT");
        }
    }

    @Nested
    @DisplayName("an invalid request")
    class Invalid {

        @Test
        void shouldAnswer400ValidationFailedWhenFieldsAreMissing() {
            expectValidationFailed(post(queryToken(), Map.of("subjectType", "PERSON")), "subjectKey", "fields");
        }

        @Test
        void shouldAnswer400ValidationFailedForAnUnknownSubjectType() {
            var body = query(SUBJECT, "name");
            body.put("subjectType", "SPACESHIP");

            post(queryToken(), body).expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        }

        @Test
        void shouldAnswer400ValidationFailedForAnEmptyFieldList() {
            post(queryToken(), query(SUBJECT)).expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
        }

        @Test
        void shouldAnswer400MalformedRequestForBrokenJson() {
            expectProblem(post(queryToken(), "{\"subjectType\": \"PERSON\", \"fields\": ["), 400,
                    "MALFORMED_REQUEST");
        }

        @Test
        void shouldAnswer400MalformedRequestForAWronglyTypedField() {
            post(queryToken(), "{\"subjectType\": \"PERSON\", \"subjectKey\": \"1\", \"fields\": {\"a\": 1}, \"purpose\": \"X\"}")
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("MALFORMED_REQUEST");
        }

        @Test
        void shouldAnswer400NotAServerErrorForAnEmptyBody() {
            http.post().uri("/api/v1/queries").contentType(MediaType.APPLICATION_JSON)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + queryToken())
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    @Nested
    @DisplayName("a query across four slow sources")
    class FanOut {

        @Test
        void shouldCallFourSourcesAtOnce() {
            // Policy applied to the view directly: the feed is proven above, this is about the fan-out.
            List<WireMockServer> servers = List.of(WireMocks.started(), WireMocks.started(), WireMocks.started(), WireMocks.started());
            try {
                for (int i = 0; i < 4; i++) {
                    servers.get(i).stubFor(get(urlPathMatching("/slow/.*"))
                            .willReturn(okJson("{\"slow" + i + "\": " + i + "}").withFixedDelay(300)));
                    var slow = resource("res-slow-" + i).field("slow" + i).at(servers.get(i).baseUrl())
                            .path("/slow/{subjectKey}").timeoutMs(2000).build();
                    policy.apply(slow);
                    policy.apply(agreement("agr-slow-" + i).consumer(CONSUMER).on(slow, "slow" + i).build());
                }

                long started = System.nanoTime();
                post(queryToken(), query(SUBJECT, "slow0", "slow1", "slow2", "slow3")).expectStatus().isOk()
                        .expectBody()
                        .jsonPath("$.fields.slow0.value").isEqualTo(0)
                        .jsonPath("$.fields.slow1.value").isEqualTo(1)
                        .jsonPath("$.fields.slow2.value").isEqualTo(2)
                        .jsonPath("$.fields.slow3.value").isEqualTo(3);
                long elapsedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();

                // The acceptance criterion, with a generous bound: one after another would take 1,200 ms.
                assertThat(elapsedMs).isLessThan(1000);
                // The proof that does not depend on timing: every request arrived before the first was answered.
                List<Long> received = servers.stream()
                        .flatMap(s -> s.getAllServeEvents().stream())
                        .map(e -> e.getRequest().getLoggedDate().getTime())
                        .sorted().toList();
                assertThat(received).hasSize(4);
                assertThat(received.get(3) - received.get(0)).isLessThan(300);
            } finally {
                servers.forEach(WireMockServer::stop);
            }
        }
    }
}
