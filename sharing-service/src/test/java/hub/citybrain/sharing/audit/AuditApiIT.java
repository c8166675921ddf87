package hub.citybrain.sharing.audit;

import static hub.citybrain.sharing.TrustTestTokens.TOKENS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import hub.citybrain.events.AccessRecorded;
import hub.citybrain.events.AgreementChanged;
import hub.citybrain.events.DepartmentChanged;
import hub.citybrain.events.Topics;
import hub.citybrain.identity.Level;
import hub.citybrain.identity.Roles;
import hub.citybrain.sharing.access.SubjectKeyHasher;
import hub.citybrain.sharing.SharingIT;
import hub.citybrain.testsupport.TestClients;
import tools.jackson.databind.json.JsonMapper;

/**
 * Events as the relay and the registry publish them, on a real (embedded) Kafka broker, read by the audit consumer
 * into the audit log, and read back through the auditor's API.
 */
@SharingIT
class AuditApiIT {

    static final String SUBJECT = "320102199001011234";
    static final String OTHER_SUBJECT = "320102198502025678";
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    /** Entries the published events must leave in the log: 4 distinct queries, 1 agreement and 1 department change. */
    static final int ENTRIES = 6;
    static boolean published;

    @Value("${local.server.port}")
    int port;
    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    ReactiveMongoTemplate mongo;
    @Autowired
    JsonMapper json;
    @Autowired
    SubjectKeyHasher hasher;

    WebTestClient http;

    static String auditor() {
        return TOKENS.department(null, null, null, Roles.AUDIT_READ);
    }

    @BeforeEach
    void setUp() {
        http = TestClients.local(port, Duration.ofSeconds(30));
        if (!published) {
            publishEvents();
            published = true;
        }
    }

    void publishEvents() {
        AccessRecorded first = access("q-1", "gaoyou.civil-affairs", SUBJECT, "SUBSISTENCE_REVIEW", "PARTIAL", 3);
        send(Topics.SHARING_ACCESS, "q-1", AccessRecorded.TYPE, json.writeValueAsString(first));
        // a record that cannot be read must not stop the log behind it
        send(Topics.SHARING_ACCESS, "q-broken", AccessRecorded.TYPE, "{not json");
        send(Topics.SHARING_ACCESS, "q-2", AccessRecorded.TYPE, json.writeValueAsString(
                access("q-2", "gaoyou.civil-affairs", SUBJECT, "DISABILITY_SUBSIDY", "ANSWERED", 2)));
        // the relay republished q-1 (a crash between Kafka's acknowledgement and its mark)
        send(Topics.SHARING_ACCESS, "q-1", AccessRecorded.TYPE, json.writeValueAsString(first));
        send(Topics.SHARING_ACCESS, "q-3", AccessRecorded.TYPE, json.writeValueAsString(
                access("q-3", "baoying.civil-affairs", SUBJECT, "SUBSISTENCE_REVIEW", "DENIED", 1)));
        send(Topics.SHARING_ACCESS, "q-4", AccessRecorded.TYPE, json.writeValueAsString(
                access("q-4", "gaoyou.civil-affairs", OTHER_SUBJECT, "SUBSISTENCE_REVIEW", "ANSWERED", 0)));
        var agreement = AgreementChanged.of("evt-agr-1", NOW, new AgreementChanged.Agreement("agr-1",
                "gaoyou.civil-affairs", "res-population", "national.population-registry", List.of("name"),
                "SUBSISTENCE_REVIEW", "低保审核", "《社会救助暂行办法》", NOW, NOW.plus(Duration.ofDays(30)), 100,
                "REVOKED", 3, null));
        send(Topics.REGISTRY_AGREEMENTS, "agr-1", AgreementChanged.TYPE, json.writeValueAsString(agreement));
        var department = DepartmentChanged.of("evt-dept-1", NOW, new DepartmentChanged.Department(
                "gaoyou.civil-affairs", "高邮市民政局", "Gaoyou civil affairs", "COUNTY", "321084", "CONSUMER",
                "ACTIVE", 1));
        send(Topics.REGISTRY_DEPARTMENTS, "gaoyou.civil-affairs", DepartmentChanged.TYPE,
                json.writeValueAsString(department));

        await().atMost(Duration.ofSeconds(60)).until(() -> count(new Query()) == ENTRIES);
    }

    AccessRecorded access(String queryId, String consumer, String subjectKey, String purpose, String outcome,
            int hoursAgo) {
        Instant at = NOW.minus(Duration.ofHours(hoursAgo));
        List<String> given = "DENIED".equals(outcome) ? List.of() : List.of("name", "maritalStatus");
        return AccessRecorded.of(UUID.randomUUID().toString(), at, new AccessRecorded.Access(queryId, at, consumer,
                "COUNTY", "321084", consumer, consumer, "PERSON", hasher.hash("PERSON", subjectKey), purpose,
                List.of("name", "maritalStatus", "partyMember"), given,
                List.of(new AccessRecorded.Denial("partyMember", "NO_AGREEMENT")), List.of(), List.of("agr-1"),
                outcome, null, null));
    }

    void send(String topic, String key, String type, String payload) {
        var record = new ProducerRecord<>(topic, key, payload);
        record.headers().add(Topics.TYPE_HEADER, type.getBytes(StandardCharsets.UTF_8));
        kafka.send(record).join();
    }

    long count(Query query) {
        return mongo.count(query, AuditChain.COLLECTION).block(Duration.ofSeconds(10));
    }

    WebTestClient.ResponseSpec get(String token, String uri) {
        var request = http.get().uri(uri);
        if (token != null) {
            request = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        return request.exchange();
    }

    @Nested
    @DisplayName("the audit log")
    class Log {

        @Test
        void shouldHoldEveryQueryIdOnceThoughKafkaDeliveredOneTwice() {
            assertThat(count(Query.query(Criteria.where("access.queryId").is("q-1")))).isEqualTo(1);
            assertThat(count(Query.query(Criteria.where("kind").is("ACCESS")))).isEqualTo(4);
            assertThat(count(Query.query(Criteria.where("kind").is("AGREEMENT")))).isEqualTo(1);
            assertThat(count(Query.query(Criteria.where("kind").is("DEPARTMENT")))).isEqualTo(1);
        }

        @Test
        void shouldVerifyThroughTheApi() {
            get(auditor(), "/api/v1/audit/verify").expectStatus().isOk().expectBody()
                    .jsonPath("$.intact").isEqualTo(true)
                    .jsonPath("$.verified").isEqualTo(ENTRIES)
                    .jsonPath("$.lastSequence").isEqualTo(ENTRIES)
                    .jsonPath("$.brokenAt").doesNotExist();
        }

        @Test
        void shouldHoldNoSubjectKeyInClear() {
            List<Document> all = mongo.findAll(Document.class, AuditChain.COLLECTION).collectList()
                    .block(Duration.ofSeconds(10));
            assertThat(all).hasSize(ENTRIES);
            all.forEach(doc -> assertThat(doc.toJson()).doesNotContain(SUBJECT).doesNotContain(OTHER_SUBJECT));
        }
    }

    @Nested
    @DisplayName("searching the log")
    class Search {

        @Test
        void shouldFindASubjectsRecordsNewestFirstByItsKey() {
            get(auditor(), "/api/v1/audit/records?subjectType=PERSON&subjectKey=" + SUBJECT)
                    .expectStatus().isOk().expectBody()
                    .jsonPath("$.totalElements").isEqualTo(3)
                    .jsonPath("$.items[0].access.queryId").isEqualTo("q-3")
                    .jsonPath("$.items[1].access.queryId").isEqualTo("q-2")
                    .jsonPath("$.items[2].access.queryId").isEqualTo("q-1")
                    .jsonPath("$.items[0].kind").isEqualTo("ACCESS")
                    .jsonPath("$.items[0].hash").isNotEmpty();
        }

        @Test
        void shouldFilterByConsumerPurposeAndOutcome() {
            get(auditor(), "/api/v1/audit/records?consumer=gaoyou.civil-affairs").expectStatus().isOk()
                    .expectBody().jsonPath("$.totalElements").isEqualTo(3);
            get(auditor(), "/api/v1/audit/records?consumer=gaoyou.civil-affairs&purpose=SUBSISTENCE_REVIEW")
                    .expectStatus().isOk().expectBody().jsonPath("$.totalElements").isEqualTo(2);
            get(auditor(), "/api/v1/audit/records?outcome=DENIED").expectStatus().isOk().expectBody()
                    .jsonPath("$.totalElements").isEqualTo(1)
                    .jsonPath("$.items[0].access.consumer").isEqualTo("baoying.civil-affairs");
        }

        @Test
        void shouldFilterByTimeRange() {
            String from = NOW.minus(Duration.ofMinutes(150)).toString();
            String to = NOW.minus(Duration.ofMinutes(30)).toString();
            get(auditor(), "/api/v1/audit/records?kind=ACCESS&from=" + from + "&to=" + to).expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.totalElements").isEqualTo(2)
                    .jsonPath("$.items[0].access.queryId").isEqualTo("q-3")
                    .jsonPath("$.items[1].access.queryId").isEqualTo("q-2");
        }

        @Test
        void shouldRecordRegistryChanges() {
            get(auditor(), "/api/v1/audit/records?kind=AGREEMENT").expectStatus().isOk().expectBody()
                    .jsonPath("$.totalElements").isEqualTo(1)
                    .jsonPath("$.items[0].agreement.id").isEqualTo("agr-1")
                    .jsonPath("$.items[0].agreement.status").isEqualTo("REVOKED")
                    .jsonPath("$.items[0].eventId").isEqualTo("evt-agr-1")
                    .jsonPath("$.items[0].access").doesNotExist();
            get(auditor(), "/api/v1/audit/records?kind=DEPARTMENT").expectStatus().isOk().expectBody()
                    .jsonPath("$.items[0].department.code").isEqualTo("gaoyou.civil-affairs");
        }

        @Test
        void shouldPageInAStableShape() {
            get(auditor(), "/api/v1/audit/records?kind=ACCESS&page=1&size=3").expectStatus().isOk().expectBody()
                    .jsonPath("$.page").isEqualTo(1)
                    .jsonPath("$.size").isEqualTo(3)
                    .jsonPath("$.totalElements").isEqualTo(4)
                    .jsonPath("$.totalPages").isEqualTo(2)
                    .jsonPath("$.items.length()").isEqualTo(1)
                    .jsonPath("$.items[0].access.queryId").isEqualTo("q-1");
        }
    }

    @Nested
    @DisplayName("who used my data")
    class SubjectLog {

        @Test
        void shouldListWhichDepartmentReadWhichFieldsWhenAndWhy() {
            get(auditor(), "/api/v1/subjects/PERSON/" + SUBJECT + "/access-log").expectStatus().isOk().expectBody()
                    .jsonPath("$.totalElements").isEqualTo(3)
                    .jsonPath("$.items[1].department").isEqualTo("gaoyou.civil-affairs")
                    .jsonPath("$.items[1].departmentLevel").isEqualTo("COUNTY")
                    .jsonPath("$.items[1].fieldsRead[0]").isEqualTo("name")
                    .jsonPath("$.items[1].fieldsRead[1]").isEqualTo("maritalStatus")
                    .jsonPath("$.items[1].purpose").isEqualTo("DISABILITY_SUBSIDY")
                    .jsonPath("$.items[1].at").isEqualTo(NOW.minus(Duration.ofHours(2)).toString())
                    .jsonPath("$.items[1].reference").isEqualTo("q-2")
                    .jsonPath("$.items[0].fieldsRead.length()").isEqualTo(0)
                    .jsonPath("$.items[0].clientId").doesNotExist();
        }

        @Test
        void shouldFindNothingForAnUnknownSubject() {
            get(auditor(), "/api/v1/subjects/PERSON/110101190001011234/access-log").expectStatus().isOk()
                    .expectBody().jsonPath("$.totalElements").isEqualTo(0).jsonPath("$.items.length()").isEqualTo(0);
        }
    }

    @Nested
    @DisplayName("who may read the audit log")
    class Authorization {

        @Test
        void shouldAnswer401WithoutAToken() {
            for (String path : List.of("/api/v1/audit/records", "/api/v1/audit/verify",
                    "/api/v1/subjects/PERSON/" + SUBJECT + "/access-log")) {
                get(null, path).expectStatus().isUnauthorized()
                        .expectBody().jsonPath("$.code").isEqualTo("UNAUTHENTICATED");
            }
        }

        @Test
        void shouldAnswer403ToADepartment() {
            String department = TOKENS.department("gaoyou.civil-affairs", Level.COUNTY, "321084", Roles.QUERY,
                    Roles.PROVIDE);
            String admin = TOKENS.department(null, null, null, Roles.HUB_ADMIN);
            for (String token : List.of(department, admin)) {
                for (String path : List.of("/api/v1/audit/records", "/api/v1/audit/verify",
                        "/api/v1/subjects/PERSON/" + SUBJECT + "/access-log")) {
                    get(token, path).expectStatus().isForbidden()
                            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                            .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
                }
            }
        }
    }

    @Nested
    @DisplayName("bad input")
    class BadInput {

        @Test
        void shouldAnswer400ValidationFailedNeverA500() {
            for (String query : List.of("from=yesterday", "to=2026-13-01", "size=1000", "size=0", "page=-1",
                    "page=abc", "subjectType=PERSON", "subjectKey=" + SUBJECT, "subjectType=SPACESHIP&subjectKey=1",
                    "outcome=MAYBE", "kind=OTHER", "from=2026-05-02T00:00:00Z&to=2026-05-01T00:00:00Z")) {
                get(auditor(), "/api/v1/audit/records?" + query)
                        .expectStatus().isBadRequest()
                        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                        .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
            }
        }

        @Test
        void shouldAnswer400ForABadSubjectOrPage() {
            for (String path : List.of("/api/v1/subjects/SPACESHIP/1/access-log",
                    "/api/v1/subjects/PERSON/" + "9".repeat(65) + "/access-log",
                    "/api/v1/subjects/PERSON/" + SUBJECT + "/access-log?size=201",
                    "/api/v1/subjects/PERSON/" + SUBJECT + "/access-log?page=-1")) {
                get(auditor(), path).expectStatus().isBadRequest()
                        .expectBody().jsonPath("$.code").isEqualTo("VALIDATION_FAILED");
            }
            get(auditor(), "/api/v1/subjects/PERSON/" + SUBJECT + "/access-log?size=x").expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }
}
