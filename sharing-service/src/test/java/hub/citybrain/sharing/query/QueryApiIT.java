package hub.citybrain.sharing.query;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static hub.citybrain.sharing.query.PolicyMother.agreement;
import static hub.citybrain.sharing.query.PolicyMother.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.github.tomakehurst.wiremock.WireMockServer;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import hub.citybrain.events.Topics;
import hub.citybrain.identity.Level;
import hub.citybrain.identity.Roles;
import hub.citybrain.identity.TestTokens;
import hub.citybrain.sharing.policy.PolicyView;
import tools.jackson.databind.json.JsonMapper;

/**
 * A county department queries a person across three source systems at three government levels, with the
 * policy learnt from the registry's topics on a real (embedded) Kafka broker.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "citybrain.sharing.subject-hmac-key=test-only-hmac-key-0123456789",
        "citybrain.outbox.interval=100ms" })
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import(QueryApiIT.TrustTestTokens.class)
class QueryApiIT {

    static final TestTokens TOKENS = new TestTokens();
    static final String CONSUMER = "gaoyou.civil-affairs";
    static final String SUBJECT = "320102199001011234";
    /** The township source takes longer than its connector's timeout for this subject. */
    static final String SLOW_SUBJECT = "320102198502025678";

    static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    static final InetSocketAddress MONGO_ADDRESS = MONGO.bind();
    static final WireMockServer MUNICIPAL = started();
    static final WireMockServer COUNTY = started();
    static final WireMockServer TOWNSHIP = started();

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
    KafkaTemplate<String, String> kafka;
    @Autowired
    PolicyView policy;
    @Autowired
    ReactiveMongoTemplate mongo;

    final JsonMapper json = JsonMapper.builder().build();
    WebTestClient http;

    static WireMockServer started() {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return server;
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri",
                () -> "mongodb://" + MONGO_ADDRESS.getHostString() + ":" + MONGO_ADDRESS.getPort());
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TrustTestTokens {
        @Bean
        @Primary
        ReactiveJwtDecoder testJwtDecoder() {
            return TOKENS.decoder();
        }
    }

    @AfterAll
    static void stopSources() {
        MUNICIPAL.stop();
        COUNTY.stop();
        TOWNSHIP.stop();
    }

    @BeforeEach
    void setUp() {
        http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(15)).build();
        stubSources();
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
            var event = resource.event();
            send(Topics.REGISTRY_RESOURCES, event.resource().id(), event.type(), json.writeValueAsString(event));
        }
        for (var agreement : List.of(
                agreement("agr-population").consumer(CONSUMER).on(population, "name", "birthDate"),
                agreement("agr-employment").consumer(CONSUMER).on(employment, "employer"),
                agreement("agr-residence").consumer(CONSUMER).on(residence, "householdSize"),
                // someone else's agreement on the uncovered field must not help
                agreement("agr-other").consumer("baoying.civil-affairs").on(population, "address"))) {
            var event = agreement.event();
            send(Topics.REGISTRY_AGREEMENTS, event.agreement().id(), event.type(), json.writeValueAsString(event));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(policy.agreementsOf(CONSUMER, "res-population")).hasSize(1);
            assertThat(policy.agreementsOf(CONSUMER, "res-employment")).hasSize(1);
            assertThat(policy.agreementsOf(CONSUMER, "res-residence")).hasSize(1);
            assertThat(policy.agreementsOf("baoying.civil-affairs", "res-population")).hasSize(1);
            assertThat(policy.resourceCount()).isEqualTo(3);
        });
    }

    void send(String topic, String key, String type, String payload) {
        var record = new ProducerRecord<>(topic, key, payload);
        record.headers().add(Topics.TYPE_HEADER, type.getBytes(StandardCharsets.UTF_8));
        kafka.send(record).join();
    }

    static String queryToken() {
        return TOKENS.department(CONSUMER, Level.COUNTY, "321084", Roles.QUERY);
    }

    static Map<String, Object> query(String subjectKey, String... fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subjectType", "PERSON");
        body.put("subjectKey", subjectKey);
        body.put("fields", List.of(fields));
        body.put("purpose", "SOCIAL_ASSISTANCE");
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
            send(Topics.REGISTRY_AGREEMENTS, event.agreement().id(), event.type(), json.writeValueAsString(event));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(policy.agreementsOf(QUOTA_CONSUMER, "res-employment")).hasSize(1));
            String token = TOKENS.department(QUOTA_CONSUMER, Level.COUNTY, "321084", Roles.QUERY);

            for (int i = 0; i < 3; i++) {
                post(token, query(SUBJECT, "employer")).expectStatus().isOk();
            }
            post(token, query(SUBJECT, "employer"))
                    .expectStatus().isEqualTo(429)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.code").isEqualTo("QUOTA_EXCEEDED")
                    .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("agr-quota", "3"));

            // the refused query reached no source
            COUNTY.verify(3, getRequestedFor(urlPathMatching("/employment/.*")));
        }
    }

    @Nested
    @DisplayName("who may query")
    class Authorization {

        @Test
        void shouldAnswer401ProblemWithoutAToken() {
            post(null, query(SUBJECT, "name"))
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("UNAUTHENTICATED");
            MUNICIPAL.verify(0, getRequestedFor(urlPathMatching(".*")));
        }

        @Test
        void shouldAnswer401ForATokenSignedByAnotherKey() {
            String forged = new TestTokens().department(CONSUMER, Level.COUNTY, "321084", Roles.QUERY);

            post(forged, query(SUBJECT, "name")).expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.code").isEqualTo("UNAUTHENTICATED");
        }

        @Test
        void shouldAnswer403WithoutTheQueryRole() {
            String provider = TOKENS.department(CONSUMER, Level.COUNTY, "321084", Roles.PROVIDE);

            post(provider, query(SUBJECT, "name"))
                    .expectStatus().isForbidden()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
            MUNICIPAL.verify(0, getRequestedFor(urlPathMatching(".*")));
        }

        @Test
        void shouldRefuseATokenThatActsForNoDepartment() {
            String nobody = TOKENS.department(null, Level.COUNTY, "321084", Roles.QUERY);

            post(nobody, query(SUBJECT, "name"))
                    .expectStatus().isEqualTo(422)
                    .expectBody().jsonPath("$.code").isEqualTo("NO_DEPARTMENT");
        }
    }

    @Nested
    @DisplayName("an invalid request")
    class Invalid {

        @Test
        void shouldAnswer400ValidationFailedWhenFieldsAreMissing() {
            post(queryToken(), Map.of("subjectType", "PERSON"))
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.code").isEqualTo("VALIDATION_FAILED")
                    .jsonPath("$.errors[?(@.field == 'subjectKey')]").exists()
                    .jsonPath("$.errors[?(@.field == 'fields')]").exists();
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
            post(queryToken(), "{\"subjectType\": \"PERSON\", \"fields\": [")
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("MALFORMED_REQUEST");
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
            List<WireMockServer> servers = List.of(started(), started(), started(), started());
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
