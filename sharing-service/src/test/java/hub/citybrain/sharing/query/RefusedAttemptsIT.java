package hub.citybrain.sharing.query;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static hub.citybrain.sharing.TrustTestTokens.TOKENS;
import static hub.citybrain.sharing.query.PolicyMother.CONSUMER;
import static hub.citybrain.sharing.query.PolicyMother.agreement;
import static hub.citybrain.sharing.query.PolicyMother.resource;
import static hub.citybrain.testsupport.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.github.tomakehurst.wiremock.WireMockServer;

import hub.citybrain.events.Topics;
import hub.citybrain.identity.DepartmentStatus;
import hub.citybrain.identity.Level;
import hub.citybrain.identity.Roles;
import hub.citybrain.sharing.access.SubjectKeyHasher;
import hub.citybrain.sharing.policy.PolicyView;
import hub.citybrain.sharing.SharingIT;
import hub.citybrain.testsupport.TestClients;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every attempt is recorded: each kind of refusal leaves exactly one access record with outcome REFUSED and its
 * reason, durable before the refusal left, relayed over a real (embedded) Kafka broker into the audit log, and found
 * there by the outcome filter of the auditor's search and of the subject's access log. Each test asks about its own
 * subject, so that the records it looks for are its own.
 */
@SharingIT("citybrain.outbox.interval=100ms")
@Import(RefusedAttemptsIT.TestBeans.class)
@DisplayName("Refused attempts are recorded")
class RefusedAttemptsIT {

    static final String LIMITED = "gaoyou.medical-insurance";
    /** Deactivated by the registry (see {@link TestBeans}); named again in the refusals' parameters. */
    static final String INACTIVE = "gaoyou.closed-office";
    static final String BATCHING = "gaoyou.statistics";
    static final WireMockServer SOURCE = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    static final AtomicInteger SUBJECTS = new AtomicInteger();
    static boolean policyPublished;

    @Value("${local.server.port}")
    int port;
    @Autowired
    PolicyPublisher publisher;
    @Autowired
    PolicyView policy;
    @Autowired
    ReactiveMongoTemplate mongo;
    @Autowired
    SubjectKeyHasher hasher;

    final JsonMapper json = JsonMapper.builder().build();
    WebTestClient http;

    @TestConfiguration(proxyBeanMethods = false)
    static class TestBeans {
        /** The registry has deactivated one department (the Kafka-fed status is tested where it is built). */
        @Bean
        @Primary
        DepartmentStatus testDepartmentStatus() {
            return Set.of(INACTIVE)::contains;
        }
    }

    @AfterAll
    static void stopSource() {
        SOURCE.stop();
    }

    @BeforeEach
    void setUp() {
        http = TestClients.local(port, Duration.ofSeconds(30));
        if (!policyPublished) {
            SOURCE.start();
            SOURCE.stubFor(get(urlPathMatching("/people/.*"))
                    .willReturn(okJson("{\"person\": {\"name\": \"王小明\", \"address\": \"x\"}}")));
            publishPolicy();
            policyPublished = true;
        }
    }

    /** One resource; CONSUMER may read {@code name} (quota ample), LIMITED and BATCHING once a day each. */
    void publishPolicy() {
        var population = resource("res-population").heldBy("yangzhou.public-security", "MUNICIPAL")
                .field("name").mapped("name", "/person/name")
                .field("address")
                .at(SOURCE.baseUrl()).path("/people/{subjectKey}").timeoutMs(2000);
        publisher.publish(population.event());
        for (var agreement : List.of(
                agreement("agr-ample").consumer(CONSUMER).on(population.build(), "name").dailyQuota(1_000_000),
                agreement("agr-once").consumer(LIMITED).on(population.build(), "name").dailyQuota(1),
                agreement("agr-batch").consumer(BATCHING).on(population.build(), "name").dailyQuota(1))) {
            publisher.publish(agreement.event());
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(policy.agreementsOf(CONSUMER, "res-population")).hasSize(1);
            assertThat(policy.agreementsOf(LIMITED, "res-population")).hasSize(1);
            assertThat(policy.agreementsOf(BATCHING, "res-population")).hasSize(1);
        });
    }

    /** A subject no other test asks about. */
    static String freshSubject() {
        return String.format("3210841980%08d", SUBJECTS.incrementAndGet());
    }

    static String token(String department, String... roles) {
        return TOKENS.department(department, Level.COUNTY, "321084", roles);
    }

    static String auditor() {
        return TOKENS.department(null, null, null, Roles.AUDIT_READ);
    }

    static Map<String, Object> query(String subjectKey, String... fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subjectType", "PERSON");
        body.put("subjectKey", subjectKey);
        body.put("fields", List.of(fields));
        body.put("purpose", "SOCIAL_ASSISTANCE");
        return body;
    }

    WebTestClient.ResponseSpec post(String token, String path, MediaType type, Object body) {
        return http.post().uri(path).contentType(type).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .bodyValue(body).exchange();
    }

    WebTestClient.ResponseSpec ask(String token, String subjectKey, String... fields) {
        return post(token, "/api/v1/queries", MediaType.APPLICATION_JSON, query(subjectKey, fields));
    }

    /**
     * The answer is the problem {@code code}; exactly one refusal for it is recorded about the subject, and the
     * auditor finds it. Answers the record's access part for the test's own checks.
     */
    Document refusedAndAudited(WebTestClient.ResponseSpec answer, String subjectKey, int status, String code) {
        expectProblem(answer, status, code);
        Document access = onlyRefusal(subjectKey, code);
        assertAudited(subjectKey, access.getString("queryId"), code);
        return access;
    }

    /** The stored access records about a subject (only its keyed hash is stored). */
    List<Document> recordsAbout(String subjectKey) {
        return mongo.find(Query.query(Criteria.where("access.subjectKeyHash").is(hasher.hash("PERSON", subjectKey))),
                Document.class, "access_records").collectList().block(Duration.ofSeconds(10));
    }

    /** Exactly one record about the subject, refused for {@code reason}; it is its access part. */
    Document onlyRefusal(String subjectKey, String reason) {
        List<Document> records = recordsAbout(subjectKey);
        assertThat(records).hasSize(1);
        Document access = records.get(0).get("access", Document.class);
        assertThat(access.getString("outcome")).isEqualTo("REFUSED");
        assertThat(access.getString("refusalReason")).isEqualTo(reason);
        assertThat(access.getString("operation")).isEqualTo("QUERY");
        assertThat(access.getList("fieldsGiven", String.class)).isEmpty();
        assertThat(records.get(0).toJson()).doesNotContain(subjectKey);
        return access;
    }

    /** The auditor finds the refusal in the audit log by outcome and subject, and in the subject's access log. */
    void assertAudited(String subjectKey, String queryId, String reason) {
        JsonNode found = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> items("/api/v1/audit/records?outcome=REFUSED&subjectType=PERSON&subjectKey=" + subjectKey),
                        items -> items.size() == 1);
        assertThat(found.get(0).path("access").path("queryId").asString()).isEqualTo(queryId);
        assertThat(found.get(0).path("access").path("refusalReason").asString()).isEqualTo(reason);
        assertThat(found.get(0).path("access").path("outcome").asString()).isEqualTo("REFUSED");
        assertThat(items("/api/v1/audit/records?outcome=ANSWERED&subjectType=PERSON&subjectKey=" + subjectKey))
                .isEmpty();

        JsonNode log = items("/api/v1/subjects/PERSON/" + subjectKey + "/access-log?outcome=REFUSED");
        assertThat(log).hasSize(1);
        assertThat(log.get(0).path("reference").asString()).isEqualTo(queryId);
        assertThat(log.get(0).path("refusalReason").asString()).isEqualTo(reason);
        assertThat(log.get(0).path("fieldsRead")).isEmpty();
    }

    JsonNode items(String path) {
        String body = http.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + auditor()).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        return json.readTree(body).path("items");
    }

    @Test
    @DisplayName("a token without dept:query: 403 FORBIDDEN, recorded with the caller and the subject's hash")
    void shouldRecordAForbiddenQuery() {
        String subject = freshSubject();

        Document access = refusedAndAudited(ask(token(CONSUMER, Roles.PROVIDE), subject, "name"), subject, 403,
                "FORBIDDEN");
        assertThat(access.getString("consumer")).isEqualTo(CONSUMER);
        assertThat(access.getList("fieldsAsked", String.class)).containsExactly("name");
        SOURCE.verify(0, getRequestedFor(urlPathMatching("/people/" + subject)));
    }

    @ParameterizedTest(name = "{0}: {2} {3}, recorded")
    @CsvSource(nullValues = "none", quoteCharacter = '"', value = {
            "a token that names no department,     none,                 422, NO_DEPARTMENT",
            "a deactivated department's live token, gaoyou.closed-office, 403, DEPARTMENT_INACTIVE" })
    void shouldRecordAQueryOfACallerWithoutAnActiveDepartment(String caller, String department, int status,
            String code) {
        String subject = freshSubject();

        Document access = refusedAndAudited(ask(token(department, Roles.QUERY), subject, "name"), subject, status,
                code);
        assertThat(access.getString("consumer")).isEqualTo(department);
    }

    @Test
    @DisplayName("a query over the daily quota: 429 QUOTA_EXCEEDED, recorded with the agreement it would have used")
    void shouldRecordAQueryOverItsQuota() {
        String first = freshSubject();
        String second = freshSubject();
        String token = token(LIMITED, Roles.QUERY);
        ask(token, first, "name").expectStatus().isOk();

        Document access = refusedAndAudited(ask(token, second, "name"), second, 429, "QUOTA_EXCEEDED");
        assertThat(access.getList("agreementIds", String.class)).containsExactly("agr-once");
        SOURCE.verify(0, getRequestedFor(urlPathMatching("/people/" + second)));
        // the answered one is recorded as before
        assertThat(recordsAbout(first)).singleElement().satisfies(r -> {
            Document answered = r.get("access", Document.class);
            assertThat(answered.getString("outcome")).isEqualTo("ANSWERED");
            assertThat(answered.getString("refusalReason")).isNull();
            assertThat(answered.getList("fieldsGiven", String.class)).containsExactly("name");
        });
        // and the burden figures count the answered query only, with the field it supplied
        http.get().uri("/api/v1/metrics/burden?consumer=" + LIMITED)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.totals.queries").isEqualTo(1)
                .jsonPath("$.totals.fieldsSupplied").isEqualTo(1);
    }

    @Test
    @DisplayName("every field denied: answered 200 with the denials, recorded as REFUSED ALL_FIELDS_DENIED")
    void shouldRecordAQueryWhoseEveryFieldIsDenied() {
        String subject = freshSubject();

        ask(token(CONSUMER, Roles.QUERY), subject, "address", "unknownField").expectStatus().isOk().expectBody()
                .jsonPath("$.fields").isEmpty()
                .jsonPath("$.denied.length()").isEqualTo(2);

        Document access = onlyRefusal(subject, "ALL_FIELDS_DENIED");
        assertThat(access.getList("denied", Document.class))
                .extracting(d -> d.getString("field") + ":" + d.getString("reason"))
                .containsExactly("address:NO_AGREEMENT", "unknownField:UNKNOWN_FIELD");
        assertAudited(subject, access.getString("queryId"), "ALL_FIELDS_DENIED");
    }

    @Test
    @DisplayName("an answered query is recorded as before: ANSWERED, no refusal reason")
    void shouldRecordAnAnsweredQueryAsBefore() {
        String subject = freshSubject();

        ask(token(CONSUMER, Roles.QUERY), subject, "name").expectStatus().isOk().expectBody()
                .jsonPath("$.fields.name.value").isEqualTo("王小明");

        assertThat(recordsAbout(subject)).singleElement().satisfies(r -> {
            Document access = r.get("access", Document.class);
            assertThat(access.getString("outcome")).isEqualTo("ANSWERED");
            assertThat(access.getString("refusalReason")).isNull();
        });
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(
                () -> items("/api/v1/audit/records?outcome=ANSWERED&subjectType=PERSON&subjectKey=" + subject).size(),
                n -> n == 1);
        assertThat(items("/api/v1/subjects/PERSON/" + subject + "/access-log?outcome=REFUSED")).isEmpty();
    }

    @Test
    @DisplayName("a batch: the line within the quota is answered, each line over it refused on its own and recorded")
    void shouldRecordEachRefusedBatchLine() {
        List<String> subjects = List.of(freshSubject(), freshSubject(), freshSubject());
        String lines = subjects.stream().map(s -> json.writeValueAsString(query(s, "name")) + "\n")
                .reduce("", String::concat);

        String out = post(token(BATCHING, Roles.QUERY), "/api/v1/queries/batch",
                MediaType.parseMediaType("application/x-ndjson"), lines)
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

        // the quota is one a day: whichever line came first was answered, the other two refused
        List<JsonNode> answers = out.lines().map(json::readTree).toList();
        assertThat(answers).hasSize(3);
        assertThat(answers).filteredOn(l -> l.path("status").asInt() == 200).hasSize(1);
        List<JsonNode> refused = answers.stream().filter(l -> l.path("status").asInt() == 429).toList();
        assertThat(refused).hasSize(2)
                .allSatisfy(l -> assertThat(l.path("problem").path("code").asString()).isEqualTo("QUOTA_EXCEEDED"));
        for (JsonNode line : refused) {
            String subject = line.path("subjectKey").asString();
            Document access = onlyRefusal(subject, "QUOTA_EXCEEDED");
            assertAudited(subject, access.getString("queryId"), "QUOTA_EXCEEDED");
        }
    }

    @Test
    @DisplayName("a batch from a token without dept:query: 403 as a whole, and each of its lines recorded")
    void shouldRecordEveryLineOfAForbiddenBatch() {
        List<String> subjects = List.of(freshSubject(), freshSubject());
        String lines = json.writeValueAsString(query(subjects.get(0), "name")) + "\n{not json\n"
                + json.writeValueAsString(query(subjects.get(1), "name")) + "\n";

        expectProblem(post(token(CONSUMER, Roles.PROVIDE), "/api/v1/queries/batch",
                MediaType.parseMediaType("application/x-ndjson"), lines), 403, "FORBIDDEN");

        for (String subject : subjects) {
            onlyRefusal(subject, "FORBIDDEN");
        }
    }

    @Test
    @DisplayName("a collection check without dept:query: 403, recorded without a subject and in the audit log")
    void shouldRecordARefusedCollectionCheck() {
        String purpose = "REFUSED_CHECK_" + SUBJECTS.incrementAndGet();

        expectProblem(post(token(CONSUMER, Roles.PROVIDE), "/api/v1/collection-checks", MediaType.APPLICATION_JSON,
                Map.of("subjectType", "PERSON", "fields", List.of("姓名", "name"), "subjects", 100, "purpose", purpose)),
                403, "FORBIDDEN");

        List<Document> records = mongo.find(Query.query(Criteria.where("access.purpose").is(purpose)), Document.class,
                "access_records").collectList().block(Duration.ofSeconds(10));
        assertThat(records).singleElement().satisfies(r -> {
            Document access = r.get("access", Document.class);
            assertThat(access.getString("operation")).isEqualTo("COLLECTION_CHECK");
            assertThat(access.getString("outcome")).isEqualTo("REFUSED");
            assertThat(access.getString("refusalReason")).isEqualTo("FORBIDDEN");
            assertThat(access.getString("subjectKeyHash")).isNull();
            assertThat(access.getList("fieldsAsked", String.class)).containsExactly("姓名", "name");
        });
        JsonNode found = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> items("/api/v1/audit/records?outcome=REFUSED&purpose=" + purpose), i -> i.size() == 1);
        assertThat(found.get(0).path("access").path("operation").asString()).isEqualTo("COLLECTION_CHECK");
    }

    @Test
    @DisplayName("an unknown outcome in either filter is a 400 problem with code VALIDATION_FAILED")
    void shouldRefuseAnUnknownOutcome() {
        for (String path : List.of("/api/v1/audit/records?outcome=MAYBE",
                "/api/v1/subjects/PERSON/" + freshSubject() + "/access-log?outcome=MAYBE")) {
            expectProblem(http.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + auditor()).exchange(),
                    400, "VALIDATION_FAILED");
        }
    }
}
