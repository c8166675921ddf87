package hub.citybrain.registry;

import static hub.citybrain.registry.RegistryMother.department;
import static hub.citybrain.registry.RegistryMother.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import hub.citybrain.events.Topics;
import hub.citybrain.identity.Roles;
import hub.citybrain.testsupport.TopicReader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Onboarding departments: their Keycloak client (a recording stand-in here), status changes and search. */
@RegistryIT("citybrain.outbox.interval=100ms")
class DepartmentOnboardingApiIT {

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;
    @Autowired
    ReactiveMongoTemplate mongo;
    @Autowired
    RecordingDepartmentClients keycloak;

    @Autowired
    RegistryApi api;
    final JsonMapper json = JsonMapper.builder().build();

    @AfterEach
    void keycloakBack() {
        keycloak.failing.set(false);
    }

    static String admin() {
        return RegistryApiIT.admin();
    }

    WebTestClient.ResponseSpec post(String path, String token, Object body) {
        return api.post(path, token, body);
    }

    WebTestClient.ResponseSpec get(String path, String token) {
        return api.get(path, token);
    }

    JsonNode body(WebTestClient.ResponseSpec response, int status) {
        byte[] raw = response.expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody();
        return json.readTree(raw);
    }

    static void expectProblem(WebTestClient.ResponseSpec response, int status, String code) {
        RegistryApiIT.expectProblem(response, status, code);
    }

    Document stored(String code) {
        return mongo.findById(code, Document.class, "departments").block(Duration.ofSeconds(5));
    }

    @Nested
    @DisplayName("registering a department")
    class Registering {

        @Test
        void shouldCreateTheClientAndHandOutItsSecretOnce() {
            String code = "cons-" + unique();

            JsonNode created = body(post("/api/v1/departments", admin(), department(code).with("kind", "CONSUMER")
                    .with("level", "TOWNSHIP")), 201);

            var client = keycloak.clients.get(code);
            assertThat(client).isNotNull();
            assertThat(created.path("code").asString()).isEqualTo(code);
            assertThat(created.path("status").asString()).isEqualTo("ACTIVE");
            assertThat(created.path("clientProvisioning").asString()).isEqualTo("CREATED");
            assertThat(created.path("clientSecret").asString()).isEqualTo(client.secret());
            assertThat(client.spec().level()).isEqualTo("TOWNSHIP");
            assertThat(client.spec().region()).isEqualTo("321084");
            assertThat(client.spec().realmRoles()).containsExactly(Roles.QUERY);

            // once: reading the department again never shows it, nor does the stored document
            get("/api/v1/departments/" + code, admin()).expectStatus().isOk().expectBody()
                    .jsonPath("$.clientSecret").doesNotExist();
            assertThat(stored(code).toJson()).doesNotContain(client.secret());
        }

        @Test
        void shouldGrantRolesByKind() {
            String provider = "prov-" + unique();
            String both = "both-" + unique();
            post("/api/v1/departments", admin(), department(provider).with("kind", "PROVIDER")).expectStatus()
                    .isCreated();
            post("/api/v1/departments", admin(), department(both).with("kind", "BOTH")).expectStatus().isCreated();

            assertThat(keycloak.clients.get(provider).spec().realmRoles()).containsExactly(Roles.PROVIDE);
            assertThat(keycloak.clients.get(both).spec().realmRoles())
                    .containsExactlyInAnyOrder(Roles.QUERY, Roles.PROVIDE);
        }

        @Test
        void shouldAdoptAClientThatAlreadyExistsWithoutShowingItsSecret() {
            String code = "demo-" + unique();
            keycloak.preExisting(code);

            JsonNode adopted = body(post("/api/v1/departments", admin(), department(code).with("kind", "PROVIDER")
                    .with("level", "MUNICIPAL").with("region", "321000")), 201);

            assertThat(adopted.path("clientProvisioning").asString()).isEqualTo("ADOPTED");
            assertThat(adopted.has("clientSecret")).isTrue();
            assertThat(adopted.path("clientSecret").isNull()).isTrue();
            // its claims and roles were put right
            var client = keycloak.clients.get(code);
            assertThat(client.spec().level()).isEqualTo("MUNICIPAL");
            assertThat(client.spec().region()).isEqualTo("321000");
            assertThat(client.spec().realmRoles()).containsExactly(Roles.PROVIDE);
            assertThat(client.secret()).isEqualTo("pre-existing-secret");
        }

        @Test
        void shouldPublishTheDepartmentWithoutTheSecret() {
            String code = "dept-" + unique();
            JsonNode created = body(post("/api/v1/departments", admin(), department(code)), 201);
            String secret = created.path("clientSecret").asString();
            assertThat(secret).isNotBlank();

            try (var topic = new TopicReader(bootstrapServers, Topics.REGISTRY_DEPARTMENTS)) {
                ConsumerRecord<String, String> record = topic.awaitKey(code);
                assertThat(json.readTree(record.value()).path("department").path("code").asString()).isEqualTo(code);
                assertThat(record.value()).doesNotContain(secret).doesNotContainIgnoringCase("secret");
            }
        }

        @Test
        void shouldAnswer503AndLeaveNothingBehindWhenKeycloakIsUnreachable() {
            String code = "dept-" + unique();
            keycloak.failing.set(true);

            expectProblem(post("/api/v1/departments", admin(), department(code)), 503,
                    "IDENTITY_PROVIDER_UNAVAILABLE");

            assertThat(stored(code)).isNull();
            assertThat(keycloak.clients).doesNotContainKey(code);
            expectProblem(get("/api/v1/departments/" + code, admin()), 404, "DEPARTMENT_NOT_FOUND");

            // and a retry once it is back completes the onboarding, secret included
            keycloak.failing.set(false);
            JsonNode retried = body(post("/api/v1/departments", admin(), department(code)), 201);
            assertThat(retried.path("clientProvisioning").asString()).isEqualTo("CREATED");
            assertThat(retried.path("clientSecret").asString()).isNotBlank();
        }

        @Test
        void shouldRefuseTheSameDepartmentTwiceWithoutTouchingItsClient() {
            String code = "dept-" + unique();
            post("/api/v1/departments", admin(), department(code).with("kind", "CONSUMER")).expectStatus()
                    .isCreated();

            expectProblem(post("/api/v1/departments", admin(), department(code).with("kind", "BOTH")), 409,
                    "DEPARTMENT_EXISTS");

            assertThat(keycloak.clients.get(code).spec().realmRoles()).containsExactly(Roles.QUERY);
        }
    }

    @Nested
    @DisplayName("deactivating and activating")
    class StatusChanges {

        @Test
        void shouldDisableTheClientAndPublishTheNewState() {
            String code = "dept-" + unique();
            post("/api/v1/departments", admin(), department(code)).expectStatus().isCreated();

            post("/api/v1/departments/" + code + "/deactivate", admin(), "").expectStatus().isOk().expectBody()
                    .jsonPath("$.status").isEqualTo("INACTIVE");

            assertThat(keycloak.clients.get(code).enabled()).isFalse();
            assertThat(stored(code).getString("status")).isEqualTo("INACTIVE");
            assertThat(stored(code).getLong("version")).isEqualTo(2L);
            try (var topic = new TopicReader(bootstrapServers, Topics.REGISTRY_DEPARTMENTS)) {
                JsonNode latest = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                        .until(() -> json.readTree(topic.awaitKey(code).value()),
                                e -> e.path("department").path("version").asLong() == 2);
                assertThat(latest.path("department").path("status").asString()).isEqualTo("INACTIVE");
                assertThat(latest.path("department").path("nameEn").asString()).isEqualTo("Department " + code);
                assertThat(latest.path("department").path("kind").asString()).isEqualTo("BOTH");
            }

            post("/api/v1/departments/" + code + "/activate", admin(), "").expectStatus().isOk().expectBody()
                    .jsonPath("$.status").isEqualTo("ACTIVE");
            assertThat(keycloak.clients.get(code).enabled()).isTrue();
            assertThat(stored(code).getLong("version")).isEqualTo(3L);
        }

        @Test
        void shouldRefuseATransitionToTheSameStatus() {
            String code = "dept-" + unique();
            post("/api/v1/departments", admin(), department(code)).expectStatus().isCreated();

            expectProblem(post("/api/v1/departments/" + code + "/activate", admin(), ""), 409, "ILLEGAL_TRANSITION");
            post("/api/v1/departments/" + code + "/deactivate", admin(), "").expectStatus().isOk();
            expectProblem(post("/api/v1/departments/" + code + "/deactivate", admin(), ""), 409,
                    "ILLEGAL_TRANSITION");
        }

        @Test
        void shouldAnswer404ForAnUnknownDepartment() {
            expectProblem(post("/api/v1/departments/nobody-" + unique() + "/deactivate", admin(), ""), 404,
                    "DEPARTMENT_NOT_FOUND");
            expectProblem(post("/api/v1/departments/nobody-" + unique() + "/activate", admin(), ""), 404,
                    "DEPARTMENT_NOT_FOUND");
        }

        @Test
        void shouldLeaveTheStatusAloneWhenKeycloakIsUnreachable() {
            String code = "dept-" + unique();
            post("/api/v1/departments", admin(), department(code)).expectStatus().isCreated();
            keycloak.failing.set(true);

            expectProblem(post("/api/v1/departments/" + code + "/deactivate", admin(), ""), 503,
                    "IDENTITY_PROVIDER_UNAVAILABLE");

            assertThat(stored(code).getString("status")).isEqualTo("ACTIVE");
            assertThat(stored(code).getLong("version")).isEqualTo(1L);
        }
    }

    @Nested
    @DisplayName("a deactivated department's still-valid token")
    class DeactivationBites {

        @Test
        @DisplayName("is refused with 403 DEPARTMENT_INACTIVE as soon as the event is back, and served again after activation")
        void shouldRefuseTheLiveTokenOfADeactivatedDepartment() {
            String code = "dept-" + unique();
            String other = "dept-" + unique();
            post("/api/v1/departments", admin(), department(code)).expectStatus().isCreated();
            post("/api/v1/departments", admin(), department(other)).expectStatus().isCreated();
            String token = RegistryApiIT.queryRoleOf(code);
            String otherToken = RegistryApiIT.queryRoleOf(other);
            get("/api/v1/catalog/resources", token).expectStatus().isOk();

            post("/api/v1/departments/" + code + "/deactivate", admin(), "").expectStatus().isOk();

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> get("/api/v1/catalog/resources", token).returnResult(Void.class).getStatus()
                            .value() == 403);
            expectProblem(get("/api/v1/catalog/resources", token), 403, "DEPARTMENT_INACTIVE");
            expectProblem(post("/api/v1/agreements", token, "{}"), 403, "DEPARTMENT_INACTIVE");
            // an active department and the hub admin are not touched
            get("/api/v1/catalog/resources", otherToken).expectStatus().isOk();
            get("/api/v1/departments/" + code, admin()).expectStatus().isOk();

            post("/api/v1/departments/" + code + "/activate", admin(), "").expectStatus().isOk();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> get("/api/v1/catalog/resources", token).returnResult(Void.class).getStatus()
                            .value() == 200);
        }
    }

    @Nested
    @DisplayName("rotating a department's credentials")
    class Rotation {

        String rotate(String code) {
            return "/api/v1/departments/" + code + "/credentials/rotate";
        }

        @Test
        @DisplayName("by a hub admin: a new secret once, the client holds it, and who/when is recorded")
        void shouldHandOutANewSecretOnceAndRecordTheRotation() {
            String code = "dept-" + unique();
            String first = body(post("/api/v1/departments", admin(), department(code)), 201).path("clientSecret")
                    .asString();

            JsonNode rotated = body(post(rotate(code), admin(), ""), 200);

            String secret = rotated.path("clientSecret").asString();
            assertThat(secret).isNotBlank().isNotEqualTo(first);
            assertThat(keycloak.clients.get(code).secret()).isEqualTo(secret);
            assertThat(rotated.path("clientId").asString()).isEqualTo(code);
            assertThat(rotated.path("rotatedBy").asString()).isNotBlank();
            // recorded: who and when, never the secret
            Document stored = stored(code);
            List<Document> rotations = stored.getList("credentialRotations", Document.class);
            assertThat(rotations).hasSize(1);
            assertThat(rotations.get(0).getString("by")).isEqualTo(rotated.path("rotatedBy").asString());
            assertThat(rotations.get(0).get("at")).isNotNull();
            assertThat(stored.toJson()).doesNotContain(secret);
            JsonNode view = body(get("/api/v1/departments/" + code, admin()), 200);
            assertThat(view.path("lastCredentialRotation").path("by").asString())
                    .isEqualTo(rotated.path("rotatedBy").asString());
            assertThat(view.has("clientSecret")).isFalse();
        }

        @Test
        @DisplayName("by the department itself, but not by another one")
        void shouldLetTheDepartmentItselfRotateButNotAnother() {
            String code = "dept-" + unique();
            post("/api/v1/departments", admin(), department(code)).expectStatus().isCreated();
            String before = keycloak.clients.get(code).secret();

            expectProblem(post(rotate(code), RegistryApiIT.queryRoleOf("dept-" + unique()), ""), 403,
                    "NOT_OWN_DEPARTMENT");
            assertThat(keycloak.clients.get(code).secret()).isEqualTo(before);

            JsonNode own = body(post(rotate(code), RegistryApiIT.queryRoleOf(code), ""), 200);
            assertThat(own.path("clientSecret").asString()).isEqualTo(keycloak.clients.get(code).secret())
                    .isNotEqualTo(before);
            assertThat(stored(code).getList("credentialRotations", Document.class).get(0).getString("byDepartment"))
                    .isEqualTo(code);
        }

        @Test
        void shouldAnswer404ForAnUnknownDepartmentAnd401WithoutAToken() {
            expectProblem(post(rotate("nobody-" + unique()), admin(), ""), 404, "DEPARTMENT_NOT_FOUND");
            expectProblem(post(rotate("nobody-" + unique()), null, ""), 401, "UNAUTHENTICATED");
        }

        @Test
        void shouldAnswer503AndRecordNothingWhenKeycloakIsUnreachable() {
            String code = "dept-" + unique();
            post("/api/v1/departments", admin(), department(code)).expectStatus().isCreated();
            keycloak.failing.set(true);

            expectProblem(post(rotate(code), admin(), ""), 503, "IDENTITY_PROVIDER_UNAVAILABLE");

            assertThat(stored(code).get("credentialRotations", List.class)).isNullOrEmpty();
        }
    }

    @Nested
    @DisplayName("searching")
    class Searching {

        @Test
        void shouldFilterByTextLevelKindAndStatus() {
            String s = unique();
            post("/api/v1/departments", admin(), department("town-" + s).with("level", "TOWNSHIP")
                    .with("kind", "CONSUMER").with("name", java.util.Map.of("zh", "车逻镇" + s, "en", "Chelu Town " + s)))
                    .expectStatus().isCreated();
            post("/api/v1/departments", admin(), department("county-" + s).with("level", "COUNTY")
                    .with("kind", "PROVIDER")).expectStatus().isCreated();
            post("/api/v1/departments/county-" + s + "/deactivate", admin(), "").expectStatus().isOk();

            assertThat(codes("?q=CHELU TOWN " + s.toUpperCase())).containsExactly("town-" + s);
            assertThat(codes("?q=车逻镇" + s)).containsExactly("town-" + s);
            assertThat(codes("?q=" + s)).containsExactlyInAnyOrder("town-" + s, "county-" + s);
            assertThat(codes("?q=" + s + "&level=TOWNSHIP")).containsExactly("town-" + s);
            assertThat(codes("?q=" + s + "&kind=PROVIDER")).containsExactly("county-" + s);
            assertThat(codes("?q=" + s + "&status=INACTIVE")).containsExactly("county-" + s);
            assertThat(codes("?q=" + s + "&status=ACTIVE&kind=PROVIDER")).isEmpty();
            // regular-expression characters are taken literally
            assertThat(codes("?q=.*")).isEmpty();
        }

        @Test
        void shouldBeOpenToAnyAuthenticatedCaller() {
            String code = "dept-" + unique();
            post("/api/v1/departments", admin(), department(code)).expectStatus().isCreated();

            get("/api/v1/departments?q=" + code, RegistryApiIT.queryRoleOf("someone")).expectStatus().isOk()
                    .expectBody().jsonPath("$[0].code").isEqualTo(code);
        }

        /** {@code query} as {@code name=value&...}; values are encoded here. */
        List<String> codes(String query) {
            byte[] raw = api.http().get().uri(builder -> {
                builder.path("/api/v1/departments");
                for (String pair : query.substring(1).split("&")) {
                    String[] nv = pair.split("=", 2);
                    builder.queryParam(nv[0], "{" + nv[0] + "}");
                }
                java.util.Map<String, String> values = new java.util.HashMap<>();
                for (String pair : query.substring(1).split("&")) {
                    String[] nv = pair.split("=", 2);
                    values.put(nv[0], nv[1]);
                }
                return builder.build(values);
            }).header(HttpHeaders.AUTHORIZATION, "Bearer " + admin()).exchange()
                    .expectStatus().isOk().expectBody().returnResult().getResponseBody();
            return json.readTree(raw).valueStream().map(d -> d.path("code").asString()).toList();
        }
    }

    @Nested
    @DisplayName("authorization")
    class Authorization {

        @Test
        void shouldAnswer401WithoutAToken() {
            for (String path : List.of("/api/v1/departments", "/api/v1/departments/x/deactivate",
                    "/api/v1/departments/x/activate")) {
                expectProblem(post(path, null, department("dept-" + unique())), 401, "UNAUTHENTICATED");
            }
            expectProblem(get("/api/v1/departments?q=x", null), 401, "UNAUTHENTICATED");
        }

        @Test
        void shouldForbidOnboardingAndStatusChangesToOtherRoles() {
            String code = "dept-" + unique();
            post("/api/v1/departments", admin(), department(code)).expectStatus().isCreated();
            String consumer = RegistryApiIT.queryRoleOf(code);

            expectProblem(post("/api/v1/departments", consumer, department("dept-" + unique())), 403, "FORBIDDEN");
            expectProblem(post("/api/v1/departments/" + code + "/deactivate", consumer, ""), 403, "FORBIDDEN");
            expectProblem(post("/api/v1/departments/" + code + "/activate", consumer, ""), 403, "FORBIDDEN");
            assertThat(keycloak.clients.get(code).enabled()).isTrue();
            assertThat(stored(code).getString("status")).isEqualTo("ACTIVE");
        }
    }
}
