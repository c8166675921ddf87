package hub.citybrain.registry;

import static hub.citybrain.registry.RegistryMother.department;
import static hub.citybrain.registry.RegistryMother.resource;
import static hub.citybrain.registry.RegistryMother.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import hub.citybrain.identity.Level;
import hub.citybrain.identity.Roles;
import hub.citybrain.testsupport.TestClients;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every registry endpoint against every kind of caller: no token, the consumer, another department's provider,
 * the resource's provider, a hub admin and an auditor. Each cell names the one status it must get; state-changing
 * cells act on a fresh target of their own, so no cell depends on another.
 */
@RegistryIT("citybrain.outbox.interval=100ms")
class AuthorizationMatrixIT {

    static final String SUFFIX = unique();
    static final String CONSUMER = "cons-" + SUFFIX;
    static final String PROVIDER = "prov-" + SUFFIX;
    static final String OTHER = "other-" + SUFFIX;
    static final String RESOURCE = "res-" + SUFFIX;

    enum Who {
        NO_TOKEN, CONSUMER, OTHER_PROVIDER, RESOURCE_PROVIDER, HUB_ADMIN, AUDITOR;

        String token() {
            return switch (this) {
                case NO_TOKEN -> null;
                case CONSUMER -> RegistryApiIT.TOKENS.department(AuthorizationMatrixIT.CONSUMER, Level.COUNTY,
                        "321084", Roles.QUERY);
                case OTHER_PROVIDER -> RegistryApiIT.TOKENS.department(OTHER, Level.MUNICIPAL, "321000", Roles.PROVIDE);
                case RESOURCE_PROVIDER -> RegistryApiIT.TOKENS.department(PROVIDER, Level.MUNICIPAL, "321000",
                        Roles.PROVIDE);
                case HUB_ADMIN -> RegistryApiIT.admin();
                case AUDITOR -> RegistryApiIT.TOKENS.department("yangzhou.discipline-inspection", Level.MUNICIPAL,
                        "321000", Roles.AUDIT_READ);
            };
        }
    }

    /** A request to make, built after its own fresh target was set up by the admin. */
    record Call(HttpMethod method, String path, Object body) {
    }

    /** One endpoint: how to prepare a target and call it, and the status each kind of caller must get. */
    record Endpoint(String name, Function<AuthorizationMatrixIT, Call> call, int... expected) {
        int expectedFor(Who who) {
            return expected[who.ordinal()];
        }

        @Override
        public String toString() {
            return name;
        }
    }

    //                                                          none consumer other resProv admin auditor
    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("POST /departments", t -> new Call(HttpMethod.POST, "/api/v1/departments",
                    department("d-" + unique()).json()), 401, 403, 403, 403, 201, 403),
            new Endpoint("GET /departments", t -> new Call(HttpMethod.GET, "/api/v1/departments", null),
                    401, 200, 200, 200, 200, 200),
            new Endpoint("GET /departments/{code}", t -> new Call(HttpMethod.GET, "/api/v1/departments/" + PROVIDER,
                    null), 401, 200, 200, 200, 200, 200),
            new Endpoint("POST /departments/{code}/deactivate", t -> new Call(HttpMethod.POST,
                    "/api/v1/departments/" + t.freshDepartment() + "/deactivate", null), 401, 403, 403, 403, 200, 403),
            new Endpoint("POST /departments/{code}/activate", t -> {
                String code = t.freshDepartment();
                t.adminCall(HttpMethod.POST, "/api/v1/departments/" + code + "/deactivate", null, 200);
                return new Call(HttpMethod.POST, "/api/v1/departments/" + code + "/activate", null);
            }, 401, 403, 403, 403, 200, 403),
            // a hub admin, or the department itself (the consumer column acts for CONSUMER)
            new Endpoint("POST /departments/{code}/credentials/rotate", t -> new Call(HttpMethod.POST,
                    "/api/v1/departments/" + CONSUMER + "/credentials/rotate", null), 401, 200, 403, 403, 200, 403),
            new Endpoint("POST /catalog/resources", t -> new Call(HttpMethod.POST, "/api/v1/catalog/resources",
                    resource("res-" + unique(), PROVIDER).field("f" + unique()).json()), 401, 403, 403, 201, 201, 403),
            new Endpoint("PUT /catalog/resources/{id}", t -> {
                String id = t.freshResource();
                return new Call(HttpMethod.PUT, "/api/v1/catalog/resources/" + id,
                        resource(id, PROVIDER).field("birthDate").field("gender").json());
            }, 401, 403, 403, 200, 200, 403),
            new Endpoint("GET /catalog/resources", t -> new Call(HttpMethod.GET, "/api/v1/catalog/resources", null),
                    401, 200, 200, 200, 200, 200),
            new Endpoint("GET /catalog/resources/{id}", t -> new Call(HttpMethod.GET,
                    "/api/v1/catalog/resources/" + RESOURCE, null), 401, 200, 200, 200, 200, 200),
            new Endpoint("POST /agreements", t -> new Call(HttpMethod.POST, "/api/v1/agreements",
                    t.agreementRequest("openField")), 401, 201, 403, 403, 201, 403),
            new Endpoint("GET /agreements", t -> new Call(HttpMethod.GET, "/api/v1/agreements", null),
                    401, 200, 200, 200, 200, 200),
            new Endpoint("GET /agreements/{id}", t -> new Call(HttpMethod.GET,
                    "/api/v1/agreements/" + t.freshAgreement("openField", null), null), 401, 200, 404, 200, 200, 200),
            new Endpoint("POST /agreements/{id}/approve", t -> new Call(HttpMethod.POST,
                    "/api/v1/agreements/" + t.freshAgreement("guardedField", null) + "/approve", Map.of()),
                    401, 403, 404, 200, 200, 403),
            new Endpoint("POST /agreements/{id}/reject", t -> new Call(HttpMethod.POST,
                    "/api/v1/agreements/" + t.freshAgreement("guardedField", null) + "/reject",
                    Map.of("reason", "no legal basis shown")), 401, 403, 404, 200, 200, 403),
            new Endpoint("POST /agreements/{id}/suspend", t -> new Call(HttpMethod.POST,
                    "/api/v1/agreements/" + t.freshAgreement("openField", null) + "/suspend",
                    Map.of("reason", "audit under way")), 401, 403, 404, 200, 200, 403),
            new Endpoint("POST /agreements/{id}/resume", t -> new Call(HttpMethod.POST,
                    "/api/v1/agreements/" + t.freshAgreement("openField", "suspend") + "/resume", Map.of()),
                    401, 403, 404, 200, 200, 403),
            new Endpoint("POST /agreements/{id}/revoke", t -> new Call(HttpMethod.POST,
                    "/api/v1/agreements/" + t.freshAgreement("openField", null) + "/revoke",
                    Map.of("reason", "purpose fulfilled")), 401, 403, 404, 200, 200, 403));

    @Value("${local.server.port}")
    int port;
    final JsonMapper json = JsonMapper.builder().build();
    WebTestClient http;
    static boolean worldReady;

    @BeforeEach
    void world() {
        // the default pooled client: the rapid 401/403/2xx mix on reused connections is part of what is tested
        http = TestClients.local(port);
        if (worldReady) {
            return;
        }
        adminCall(HttpMethod.POST, "/api/v1/departments", department(CONSUMER).with("kind", "CONSUMER").json(), 201);
        adminCall(HttpMethod.POST, "/api/v1/departments", department(PROVIDER).with("kind", "PROVIDER").json(), 201);
        adminCall(HttpMethod.POST, "/api/v1/departments", department(OTHER).with("kind", "PROVIDER").json(), 201);
        adminCall(HttpMethod.POST, "/api/v1/catalog/resources", resource(RESOURCE, PROVIDER)
                .field("openField", "UNCONDITIONAL", false).field("guardedField", "CONDITIONAL", false).json(), 201);
        worldReady = true;
    }

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            for (Who who : Who.values()) {
                cells.add(Arguments.of(endpoint, who));
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("cells")
    void shouldGiveEachCallerExactlyWhatItShouldGet(Endpoint endpoint, Who who) {
        Call call = endpoint.call().apply(this);
        int expected = endpoint.expectedFor(who);

        EntityExchangeResult<byte[]> result = send(call, who.token()).expectBody().returnResult();

        assertThat(result.getStatus().value()).as("%s as %s: %s", endpoint, who,
                new String(result.getResponseBodyContent() == null ? new byte[0] : result.getResponseBodyContent()))
                .isEqualTo(expected);
        if (expected >= 400) {
            assertThat(result.getResponseHeaders().getContentType())
                    .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            JsonNode problem = json.readTree(result.getResponseBodyContent());
            assertThat(problem.path("code").asString()).isNotBlank();
            assertThat(problem.path("status").asInt()).isEqualTo(expected);
        }
    }

    // ---- fresh targets, each set up by the hub admin

    String freshDepartment() {
        String code = "d-" + unique();
        adminCall(HttpMethod.POST, "/api/v1/departments", department(code).json(), 201);
        return code;
    }

    String freshResource() {
        String id = "res-" + unique();
        adminCall(HttpMethod.POST, "/api/v1/catalog/resources", resource(id, PROVIDER).field("birthDate").json(), 201);
        return id;
    }

    Map<String, Object> agreementRequest(String field) {
        Instant now = Instant.now();
        return Map.of("consumer", CONSUMER, "resourceId", RESOURCE, "fields", List.of(field),
                "purpose", Map.of("code", "SOCIAL_ASSISTANCE", "text", "最低生活保障资格审核"),
                "legalBasis", "《社会救助暂行办法》第十一条", "validFrom", now.minusSeconds(3600).toString(),
                "validUntil", now.plus(Duration.ofDays(30)).toString(), "dailyQuota", 100);
    }

    /** An agreement of CONSUMER on RESOURCE: ACTIVE for openField, REQUESTED for guardedField; then an action. */
    String freshAgreement(String field, String thenAction) {
        JsonNode created = adminCall(HttpMethod.POST, "/api/v1/agreements", agreementRequest(field), 201);
        String id = created.path("id").asString();
        if (thenAction != null) {
            adminCall(HttpMethod.POST, "/api/v1/agreements/" + id + "/" + thenAction, Map.of("reason", "setup"), 200);
        }
        return id;
    }

    JsonNode adminCall(HttpMethod method, String path, Object body, int status) {
        EntityExchangeResult<byte[]> result = send(new Call(method, path, body), RegistryApiIT.admin())
                .expectBody().returnResult();
        assertThat(result.getStatus().value()).as("setup %s %s: %s", method, path,
                result.getResponseBodyContent() == null ? "" : new String(result.getResponseBodyContent()))
                .isEqualTo(status);
        return json.readTree(result.getResponseBodyContent());
    }

    WebTestClient.ResponseSpec send(Call call, String token) {
        var request = http.method(call.method()).uri(call.path());
        if (token != null) {
            request = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        if (call.body() != null) {
            return request.contentType(MediaType.APPLICATION_JSON).bodyValue(call.body()).exchange();
        }
        return request.exchange();
    }
}
