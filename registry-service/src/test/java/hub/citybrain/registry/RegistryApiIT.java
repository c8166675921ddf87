package hub.citybrain.registry;

import static hub.citybrain.registry.RegistryMother.agreement;
import static hub.citybrain.registry.RegistryMother.department;
import static hub.citybrain.registry.RegistryMother.resource;
import static hub.citybrain.registry.RegistryMother.unique;
import static hub.citybrain.testsupport.Problems.expectValidationFailed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.test.web.reactive.server.WebTestClient;

import hub.citybrain.events.AgreementChanged;
import hub.citybrain.events.DepartmentChanged;
import hub.citybrain.events.ResourceChanged;
import hub.citybrain.events.Topics;
import hub.citybrain.identity.Level;
import hub.citybrain.identity.Roles;
import hub.citybrain.identity.TrustedTestTokens;
import hub.citybrain.testsupport.TestTokens;
import hub.citybrain.testsupport.Problems;
import hub.citybrain.testsupport.TopicReader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RegistryIT({ "citybrain.outbox.interval=100ms", "management.endpoint.health.show-details=always" })
class RegistryApiIT {

    static final TestTokens TOKENS = new TestTokens();

    @Value("${local.server.port}")
    int port;
    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;
    @Autowired
    ReactiveMongoTemplate mongo;

    final JsonMapper json = JsonMapper.builder().build();
    @Autowired
    RegistryApi api;
    WebTestClient http;

    @TestConfiguration(proxyBeanMethods = false)
    static class TrustTestTokens {
        @Bean
        @Primary
        ReactiveJwtDecoder testJwtDecoder() {
            return TrustedTestTokens.decoder(TOKENS);
        }

        /** Every registry IT imports this configuration; each gets its client of the API from here. */
        @Bean
        RegistryApi registryApi(Environment environment) {
            return new RegistryApi(environment);
        }
    }

    @BeforeEach
    void client() {
        http = api.http();
    }

    static String admin() {
        return TOKENS.department("hub.ops", Level.MUNICIPAL, "321000", Roles.HUB_ADMIN);
    }

    static String queryRoleOf(String department) {
        return TOKENS.department(department, Level.COUNTY, "321084", Roles.QUERY);
    }

    WebTestClient.ResponseSpec post(String path, String token, Object body) {
        return api.post(path, token, body);
    }

    WebTestClient.ResponseSpec get(String path, String token) {
        return api.get(path, token);
    }

    static void expectProblem(WebTestClient.ResponseSpec response, int status, String code) {
        Problems.expectProblem(response, status, code);
    }

    /** Registers a provider and a consumer department and a resource of the provider; returns their names. */
    record World(String provider, String consumer, String resourceId, String field, String secretField) {
    }

    World world() {
        String s = unique();
        var world = new World("prov-" + s, "cons-" + s, "res-" + s, "name" + s, "religion" + s);
        post("/api/v1/departments", admin(), department(world.provider()).with("level", "MUNICIPAL"))
                .expectStatus().isCreated();
        post("/api/v1/departments", admin(), department(world.consumer())).expectStatus().isCreated();
        post("/api/v1/catalog/resources", admin(), resource(world.resourceId(), world.provider())
                .authoritativeField(world.field()).field("birthDate").notSharedField(world.secretField()))
                .expectStatus().isCreated();
        return world;
    }

    @Nested
    @DisplayName("registering")
    class Registering {

        @Test
        void shouldRegisterDepartmentsAResourceAndAnActiveAgreement() {
            String s = unique();
            post("/api/v1/departments", admin(), department("prov-" + s).with("level", "MUNICIPAL"))
                    .expectStatus().isCreated()
                    .expectBody()
                    .jsonPath("$.code").isEqualTo("prov-" + s)
                    .jsonPath("$.level").isEqualTo("MUNICIPAL")
                    .jsonPath("$.status").isEqualTo("ACTIVE");
            post("/api/v1/departments", admin(), department("cons-" + s)).expectStatus().isCreated();
            post("/api/v1/catalog/resources", admin(), resource("res-" + s, "prov-" + s)
                    .field("birthDate", "UNCONDITIONAL", false))
                    .expectStatus().isCreated()
                    .expectBody()
                    .jsonPath("$.id").isEqualTo("res-" + s)
                    .jsonPath("$.holderLevel").isEqualTo("MUNICIPAL")
                    .jsonPath("$.connector.mapping.birthDate").isEqualTo("/birthDate");

            post("/api/v1/agreements", admin(), agreement("agr-" + s, "cons-" + s, "res-" + s, "birthDate"))
                    .expectStatus().isCreated()
                    .expectBody()
                    .jsonPath("$.id").isEqualTo("agr-" + s)
                    .jsonPath("$.status").isEqualTo("ACTIVE")
                    .jsonPath("$.provider").isEqualTo("prov-" + s)
                    .jsonPath("$.fields[0]").isEqualTo("birthDate")
                    .jsonPath("$.history[0].to").isEqualTo("REQUESTED")
                    .jsonPath("$.history[0].by").isEqualTo("hub.ops")
                    .jsonPath("$.history[1].to").isEqualTo("ACTIVE");

            get("/api/v1/agreements/agr-" + s, admin()).expectStatus().isOk()
                    .expectBody().jsonPath("$.purpose.code").isEqualTo("SOCIAL_ASSISTANCE");
        }

        @Test
        void shouldRefuseTheSameDepartmentTwice() {
            String code = "dept-" + unique();
            post("/api/v1/departments", admin(), department(code)).expectStatus().isCreated();

            expectProblem(post("/api/v1/departments", admin(), department(code)), 409, "DEPARTMENT_EXISTS");
        }

        @Test
        void shouldRefuseTheSameResourceTwice() {
            World w = world();

            expectProblem(post("/api/v1/catalog/resources", admin(), resource(w.resourceId(), w.provider())
                    .field("birthDate")), 409, "RESOURCE_EXISTS");
        }

        @Test
        void shouldRefuseTheSameAgreementTwice() {
            World w = world();
            String id = "agr-" + unique();
            post("/api/v1/agreements", admin(), agreement(id, w.consumer(), w.resourceId(), w.field()))
                    .expectStatus().isCreated();

            expectProblem(post("/api/v1/agreements", admin(), agreement(id, w.consumer(), w.resourceId(),
                    w.field())), 409, "AGREEMENT_EXISTS");
        }

        @Test
        void shouldRefuseASecondAuthoritativeSourceForTheSameField() {
            World w = world();
            String rival = "res-rival-" + unique();

            expectProblem(post("/api/v1/catalog/resources", admin(), resource(rival, w.provider())
                    .authoritativeField(w.field())), 409, "AUTHORITATIVE_SOURCE_EXISTS");

            // the refused resource was not stored, and serving the field non-authoritatively is fine
            expectProblem(get("/api/v1/catalog/resources/" + rival, admin()), 404, "RESOURCE_NOT_FOUND");
            post("/api/v1/catalog/resources", admin(), resource(rival, w.provider()).field(w.field()))
                    .expectStatus().isCreated();
        }

        @Test
        void shouldGiveBackEarlierClaimsWhenALaterFieldIsRefused() {
            World w = world();
            String fresh = "fresh" + unique();

            expectProblem(post("/api/v1/catalog/resources", admin(), resource("res-" + unique(), w.provider())
                    .authoritativeField(fresh).authoritativeField(w.field())), 409, "AUTHORITATIVE_SOURCE_EXISTS");

            post("/api/v1/catalog/resources", admin(), resource("res-" + unique(), w.provider())
                    .authoritativeField(fresh)).expectStatus().isCreated();
        }

        @Test
        void shouldRefuseAnAgreementOnANotSharedField() {
            World w = world();

            expectProblem(post("/api/v1/agreements", admin(), agreement("agr-" + unique(), w.consumer(),
                    w.resourceId(), w.field(), w.secretField())), 422, "FIELD_NOT_SHARED");
        }

        @Test
        void shouldRefuseAnAgreementOnAnUnknownField() {
            World w = world();

            expectProblem(post("/api/v1/agreements", admin(), agreement("agr-" + unique(), w.consumer(),
                    w.resourceId(), "shoeSize")), 422, "UNKNOWN_FIELD");
        }

        @Test
        void shouldRefuseAnAgreementForAnUnregisteredConsumerOrResource() {
            World w = world();

            expectProblem(post("/api/v1/agreements", admin(), agreement("agr-" + unique(), "nobody-" + unique(),
                    w.resourceId(), w.field())), 422, "UNKNOWN_DEPARTMENT");
            expectProblem(post("/api/v1/agreements", admin(), agreement("agr-" + unique(), w.consumer(),
                    "res-missing-" + unique(), w.field())), 422, "UNKNOWN_RESOURCE");
        }

        @Test
        void shouldRefuseAnAgreementThatEndsBeforeItStarts() {
            World w = world();
            Instant now = Instant.now();

            expectProblem(post("/api/v1/agreements", admin(), agreement("agr-" + unique(), w.consumer(),
                    w.resourceId(), w.field()).with("validFrom", now.toString())
                    .with("validUntil", now.minusSeconds(60).toString())), 400, "INVALID_VALIDITY");
        }
    }

    @Nested
    @DisplayName("an invalid request")
    class Invalid {

        @Test
        void shouldAnswer400ValidationFailedForAnInvalidDepartment() {
            expectValidationFailed(post("/api/v1/departments", admin(), department("dept-" + unique())
                    .with("region", "32108").without("name")), "region", "name");
        }

        @Test
        void shouldAnswer400ValidationFailedForAResourceWithoutFields() {
            World w = world();

            expectProblem(post("/api/v1/catalog/resources", admin(), resource("res-" + unique(), w.provider())
                    .with("fields", List.of())), 400, "VALIDATION_FAILED");
        }

        @Test
        void shouldAnswer400ValidationFailedForBlankTooLongOrTooManyAliases() {
            World w = world();
            String[] tooMany = IntStream.range(0, 21).mapToObj(i -> "label" + i)
                    .toArray(String[]::new);

            for (var fieldAliases : List.of(new String[] { " " }, new String[] { "长".repeat(65) }, tooMany)) {
                expectProblem(post("/api/v1/catalog/resources", admin(), resource("res-" + unique(), w.provider())
                        .field("birthDate").aliases(fieldAliases)), 400, "VALIDATION_FAILED");
            }
        }

        @Test
        void shouldAnswer400ValidationFailedForAnAgreementWithoutPurposeOrQuota() {
            World w = world();

            expectProblem(post("/api/v1/agreements", admin(), agreement("agr-" + unique(), w.consumer(),
                    w.resourceId(), w.field()).without("purpose").with("dailyQuota", 0)), 400, "VALIDATION_FAILED");
        }

        @Test
        void shouldAnswer400MalformedRequestForBrokenJson() {
            expectProblem(post("/api/v1/departments", admin(), "{\"code\": \"x\", "), 400, "MALFORMED_REQUEST");
        }

        @Test
        void shouldAnswer400MalformedRequestForAnUnknownEnumValue() {
            expectProblem(post("/api/v1/departments", admin(), department("dept-" + unique())
                    .with("level", "GALACTIC")), 400, "MALFORMED_REQUEST");
        }
    }

    static Stream<Arguments> endpoints() {
        return Stream.of(
                Arguments.of(HttpMethod.GET, "/api/v1/departments"),
                Arguments.of(HttpMethod.GET, "/api/v1/departments/some-dept"),
                Arguments.of(HttpMethod.POST, "/api/v1/departments"),
                Arguments.of(HttpMethod.GET, "/api/v1/catalog/resources"),
                Arguments.of(HttpMethod.GET, "/api/v1/catalog/resources/some-res"),
                Arguments.of(HttpMethod.POST, "/api/v1/catalog/resources"),
                Arguments.of(HttpMethod.GET, "/api/v1/agreements"),
                Arguments.of(HttpMethod.GET, "/api/v1/agreements/some-agr"),
                Arguments.of(HttpMethod.POST, "/api/v1/agreements"),
                Arguments.of(HttpMethod.DELETE, "/api/v1/agreements/some-agr"),
                Arguments.of(HttpMethod.GET, "/api/v1/nope"));
    }

    @Nested
    @DisplayName("authorization")
    class Authorization {

        @ParameterizedTest(name = "{0} {1}")
        @MethodSource("hub.citybrain.registry.RegistryApiIT#endpoints")
        void shouldAnswer401WithoutAToken(HttpMethod method, String path) {
            var response = http.method(method).uri(path).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{}").exchange();

            expectProblem(response, 401, "UNAUTHENTICATED");
            response.expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, v -> assertThat(v).startsWith("Bearer"));
        }

        @Test
        void shouldAnswer401ForATokenSignedByAnotherKey() {
            String forged = new TestTokens().department("hub.ops", Level.MUNICIPAL, "321000", Roles.HUB_ADMIN);

            expectProblem(get("/api/v1/departments", forged), 401, "UNAUTHENTICATED");
        }

        @Test
        void shouldForbidWritesByAQueryingDepartment() {
            World w = world();
            String consumer = queryRoleOf(w.consumer());

            expectProblem(post("/api/v1/departments", consumer, department("dept-" + unique())), 403, "FORBIDDEN");
            expectProblem(post("/api/v1/catalog/resources", consumer,
                    resource("res-" + unique(), w.consumer()).field("birthDate")), 403, "FORBIDDEN");
            // a department requests agreements for itself only
            expectProblem(post("/api/v1/agreements", consumer,
                    agreement("agr-" + unique(), w.provider(), w.resourceId(), w.field())), 403, "FORBIDDEN");
        }

        @Test
        void shouldShowTheSourceConnectorOnlyToTheHolderAndTheAdmin() {
            World w = world();
            String path = "/api/v1/catalog/resources/" + w.resourceId();

            get(path, admin()).expectStatus().isOk().expectBody().jsonPath("$.connector.baseUrl").exists();
            get(path, queryRoleOf(w.provider())).expectStatus().isOk()
                    .expectBody().jsonPath("$.connector.baseUrl").exists();
            get(path, queryRoleOf(w.consumer())).expectStatus().isOk()
                    .expectBody().jsonPath("$.connector").doesNotExist().jsonPath("$.fields[0].name").exists();
            get("/api/v1/catalog/resources?holder=" + w.provider(), queryRoleOf(w.consumer())).expectStatus().isOk()
                    .expectBody().jsonPath("$[0].id").isEqualTo(w.resourceId())
                    .jsonPath("$[0].connector").doesNotExist();
        }

        @Test
        void shouldShowAnAgreementOnlyToItsConsumerItsProviderAndTheAdmin() {
            World w = world();
            String outsider = "outsider-" + unique();
            post("/api/v1/departments", admin(), department(outsider)).expectStatus().isCreated();
            String id = "agr-" + unique();
            post("/api/v1/agreements", admin(), agreement(id, w.consumer(), w.resourceId(), w.field()))
                    .expectStatus().isCreated();

            for (String token : List.of(admin(), queryRoleOf(w.consumer()), queryRoleOf(w.provider()))) {
                get("/api/v1/agreements/" + id, token).expectStatus().isOk()
                        .expectBody().jsonPath("$.id").isEqualTo(id);
                get("/api/v1/agreements", token).expectStatus().isOk()
                        .expectBody().jsonPath("$[?(@.id == '" + id + "')]").exists();
            }

            expectProblem(get("/api/v1/agreements/" + id, queryRoleOf(outsider)), 404, "AGREEMENT_NOT_FOUND");
            get("/api/v1/agreements", queryRoleOf(outsider)).expectStatus().isOk()
                    .expectBody().jsonPath("$[?(@.id == '" + id + "')]").doesNotExist();
        }

        @Test
        @DisplayName("the probes answer without a token on the main port; the other actuator endpoints are not there")
        void shouldKeepProbesPublicAndManagementOffTheMainPort() {
            get("/livez", null).expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("UP");
            get("/readyz", null).expectStatus().value(status -> assertThat(status).isIn(200, 503))
                    .expectBody().jsonPath("$.status").exists();
            expectProblem(get("/actuator/prometheus", null), 401, "UNAUTHENTICATED");
            expectProblem(get("/actuator/health", null), 401, "UNAUTHENTICATED");
        }
    }

    @Nested
    @DisplayName("events")
    class Events {

        @Test
        void shouldPublishADepartmentWithItsFullStateKeyedByCode() {
            String code = "dept-" + unique();
            post("/api/v1/departments", admin(), department(code).with("level", "TOWNSHIP")).expectStatus()
                    .isCreated();

            JsonNode event = awaitEvent(Topics.REGISTRY_DEPARTMENTS, code, DepartmentChanged.TYPE);

            assertThat(event.path("department").path("code").asString()).isEqualTo(code);
            assertThat(event.path("department").path("level").asString()).isEqualTo("TOWNSHIP");
            assertThat(event.path("department").path("region").asString()).isEqualTo("321084");
            assertThat(event.path("department").path("version").asLong()).isEqualTo(1);
            awaitOutboxEmptied("departments", code);
        }

        @Test
        void shouldPublishAResourceWithItsConnectorKeyedById() {
            World w = world();

            JsonNode event = awaitEvent(Topics.REGISTRY_RESOURCES, w.resourceId(), ResourceChanged.TYPE);

            JsonNode resource = event.path("resource");
            assertThat(resource.path("id").asString()).isEqualTo(w.resourceId());
            assertThat(resource.path("holder").asString()).isEqualTo(w.provider());
            assertThat(resource.path("holderLevel").asString()).isEqualTo("MUNICIPAL");
            assertThat(resource.path("fields")).hasSize(3);
            assertThat(resource.path("connector").path("pathTemplate").asString()).isEqualTo("/people/{subjectKey}");
            assertThat(resource.path("connector").path("mapping").path(w.field()).asString())
                    .isEqualTo("/" + w.field());
            awaitOutboxEmptied("resources", w.resourceId());
        }

        @Test
        void shouldKeepShowFindAndPublishTheAliasesOfAField() {
            World w = world();
            String id = "res-" + unique();
            post("/api/v1/catalog/resources", admin(), resource(id, w.provider())
                    .field("maritalStatus").aliases("婚姻状况", "marital status")
                    .field("gender"))
                    .expectStatus().isCreated()
                    .expectBody()
                    .jsonPath("$.fields[0].aliases[0]").isEqualTo("婚姻状况")
                    .jsonPath("$.fields[1].aliases").isEmpty();

            get("/api/v1/catalog/resources?q=婚姻状况", queryRoleOf(w.consumer())).expectStatus().isOk()
                    .expectBody().jsonPath("$[0].id").isEqualTo(id)
                    .jsonPath("$[0].fields[0].aliases[1]").isEqualTo("marital status");
            JsonNode event = awaitEvent(Topics.REGISTRY_RESOURCES, id, ResourceChanged.TYPE);
            assertThat(event.path("resource").path("fields").path(0).path("aliases").valueStream()
                    .map(JsonNode::asString)).containsExactly("婚姻状况", "marital status");
        }

        @Test
        void shouldPublishAnAgreementWithItsFullStateKeyedById() {
            World w = world();
            String id = "agr-" + unique();
            post("/api/v1/agreements", admin(), agreement(id, w.consumer(), w.resourceId(), w.field(), "birthDate"))
                    .expectStatus().isCreated();

            JsonNode event = awaitEvent(Topics.REGISTRY_AGREEMENTS, id, AgreementChanged.TYPE);

            JsonNode agreement = event.path("agreement");
            assertThat(agreement.path("consumer").asString()).isEqualTo(w.consumer());
            assertThat(agreement.path("provider").asString()).isEqualTo(w.provider());
            assertThat(agreement.path("resourceId").asString()).isEqualTo(w.resourceId());
            assertThat(agreement.path("status").asString()).isEqualTo("REQUESTED"); // conditional fields
            assertThat(agreement.path("purposeCode").asString()).isEqualTo("SOCIAL_ASSISTANCE");
            assertThat(agreement.path("validUntil").asString()).isNotBlank();
            assertThat(agreement.path("fields").valueStream().map(JsonNode::asString))
                    .containsExactly(w.field(), "birthDate");
            awaitOutboxEmptied("agreements", id);
        }

        @Test
        void shouldNotPublishARefusedRegistration() {
            World w = world();
            String id = "agr-" + unique();
            post("/api/v1/agreements", admin(), agreement(id, w.consumer(), w.resourceId(), w.secretField()))
                    .expectStatus().isEqualTo(422);
            String later = "agr-" + unique();
            post("/api/v1/agreements", admin(), agreement(later, w.consumer(), w.resourceId(), w.field()))
                    .expectStatus().isCreated();

            try (var topic = new TopicReader(bootstrapServers, Topics.REGISTRY_AGREEMENTS)) {
                topic.awaitKey(later);
                assertThat(topic.seen(id)).isEmpty();
            }
        }

        JsonNode awaitEvent(String topicName, String key, String type) {
            try (var topic = new TopicReader(bootstrapServers, topicName)) {
                ConsumerRecord<String, String> record = topic.awaitKey(key);
                assertThat(new String(record.headers().lastHeader(Topics.TYPE_HEADER).value(), StandardCharsets.UTF_8))
                        .isEqualTo(type);
                JsonNode event = json.readTree(record.value());
                assertThat(event.path("eventId").asString()).isNotBlank();
                assertThat(new String(record.headers().lastHeader("citybrain-event-id").value(),
                        StandardCharsets.UTF_8)).isEqualTo(event.path("eventId").asString());
                assertThat(Instant.parse(event.path("occurredAt").asString()))
                        .isBetween(Instant.now().minusSeconds(60), Instant.now());
                assertThat(event.path("type").asString()).isEqualTo(type);
                return event;
            }
        }

        void awaitOutboxEmptied(String collection, String id) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Document doc = mongo.findById(id, Document.class, collection).block(Duration.ofSeconds(5));
                assertThat(doc).isNotNull();
                assertThat(doc.getList("pendingEvents", Document.class)).isEmpty();
            });
        }
    }

    @Nested
    @DisplayName("editing the catalog")
    class EditingTheCatalog {

        String providerOf(String department) {
            return TOKENS.department(department, Level.MUNICIPAL, "321000", Roles.PROVIDE);
        }

        WebTestClient.ResponseSpec put(String path, String token, Object body, String ifMatch) {
            var request = http.put().uri(path).contentType(MediaType.APPLICATION_JSON)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
            if (ifMatch != null) {
                request = request.header(HttpHeaders.IF_MATCH, ifMatch);
            }
            return request.bodyValue(body instanceof RegistryMother.Body b ? b.json() : body).exchange();
        }

        @Test
        void shouldLetTheHolderPublishAndEditItsOwnResourceAndPublishTheNewVersion() {
            World w = world();
            String id = "res-" + unique();
            post("/api/v1/catalog/resources", providerOf(w.provider()), resource(id, w.provider()).field("birthDate"))
                    .expectStatus().isCreated();

            put("/api/v1/catalog/resources/" + id, providerOf(w.provider()),
                    resource(id, w.provider()).field("birthDate").field("gender").with("updateCycle", "PT6H"), "\"1\"")
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.version").isEqualTo(2)
                    .jsonPath("$.updateCycle").isEqualTo("PT6H")
                    .jsonPath("$.fields.length()").isEqualTo(2);

            JsonNode event = awaitEventVersion(id, 2);
            assertThat(event.path("resource").path("fields")).hasSize(2);
            assertThat(event.path("resource").path("updateCycle").asString()).isEqualTo("PT6H");
        }

        @Test
        void shouldRefuseEditsByAnotherDepartmentAndByConsumers() {
            World w = world();
            var body = resource(w.resourceId(), w.provider()).field("birthDate");

            expectProblem(put("/api/v1/catalog/resources/" + w.resourceId(), providerOf(w.consumer()), body, null),
                    403, "NOT_RESOURCE_HOLDER");
            expectProblem(put("/api/v1/catalog/resources/" + w.resourceId(), queryRoleOf(w.provider()), body, null),
                    403, "FORBIDDEN");
            expectProblem(post("/api/v1/catalog/resources", providerOf(w.consumer()),
                    resource("res-" + unique(), w.provider()).field("birthDate")), 403, "NOT_RESOURCE_HOLDER");
        }

        @Test
        void shouldKeepHolderAndSubjectTypeAndRefuseStaleVersions() {
            World w = world();
            String path = "/api/v1/catalog/resources/" + w.resourceId();

            expectProblem(put(path, admin(), resource(w.resourceId(), w.consumer()).field("birthDate"), null),
                    422, "IMMUTABLE_FIELD");
            expectProblem(put(path, admin(), resource(w.resourceId(), w.provider()).field("birthDate")
                    .with("subjectType", "ENTERPRISE"), null), 422, "IMMUTABLE_FIELD");
            expectProblem(put(path, admin(), resource(w.resourceId(), w.provider()).field("birthDate"), "\"7\""),
                    409, "VERSION_CONFLICT");
            expectProblem(put("/api/v1/catalog/resources/res-missing-" + unique(), admin(),
                    resource("res-x", w.provider()).field("birthDate"), null), 404, "RESOURCE_NOT_FOUND");
        }

        @Test
        void shouldMoveTheAuthoritativeClaimWithTheEdit() {
            World w = world();
            String other = "res-" + unique();
            post("/api/v1/catalog/resources", admin(), resource(other, w.provider()).field(w.field()))
                    .expectStatus().isCreated();
            // w's resource holds the authoritative claim on w.field(): the other one cannot take it ...
            expectProblem(put("/api/v1/catalog/resources/" + other, admin(),
                    resource(other, w.provider()).authoritativeField(w.field()), null), 409, "AUTHORITATIVE_SOURCE_EXISTS");
            // ... until w's resource gives it up in an edit of its own.
            put("/api/v1/catalog/resources/" + w.resourceId(), admin(), resource(w.resourceId(), w.provider())
                    .field(w.field()).field("birthDate").notSharedField(w.secretField()), null).expectStatus().isOk();
            put("/api/v1/catalog/resources/" + other, admin(),
                    resource(other, w.provider()).authoritativeField(w.field()), null).expectStatus().isOk()
                    .expectBody().jsonPath("$.fields[0].authoritative").isEqualTo(true);
        }

        JsonNode awaitEventVersion(String resourceId, long version) {
            JsonNode[] found = new JsonNode[1];
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                try (var topic = new TopicReader(bootstrapServers, Topics.REGISTRY_RESOURCES)) {
                    JsonNode event = json.readTree(topic.awaitKey(resourceId).value());
                    assertThat(event.path("resource").path("version").asLong()).isEqualTo(version);
                    found[0] = event;
                }
            });
            return found[0];
        }
    }
}
