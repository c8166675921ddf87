package hub.citybrain.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okForContentType;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import tools.jackson.databind.json.JsonMapper;

import hub.citybrain.events.DepartmentChanged;
import hub.citybrain.events.Topics;
import hub.citybrain.identity.Level;
import hub.citybrain.identity.Roles;
import hub.citybrain.testsupport.TestTokens;
import hub.citybrain.testsupport.TestClients;
import hub.citybrain.testsupport.WireMocks;

/**
 * The gateway in front of stand-in registry and sharing services, validating tokens against a stand-in
 * Keycloak's JWKS endpoint with the real decoder.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class GatewayRoutingIT {

    static final TestTokens TOKENS = new TestTokens();
    static final String JWKS_PATH = "/realms/citybrain/protocol/openid-connect/certs";

    static final WireMockServer KEYCLOAK = WireMocks.started();
    static final WireMockServer REGISTRY = WireMocks.started();
    static final WireMockServer SHARING = WireMocks.started();
    static final RedisServerProcess REDIS = RedisServerProcess.started();

    @Value("${local.server.port}")
    int port;
    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;
    @Value("${local.management.port}")
    int managementPort;
    WebTestClient http;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        backends(registry, KEYCLOAK, REGISTRY, SHARING, REDIS);
    }

    /** Points the gateway at stand-ins: the identity provider's key set, the two backends and Redis. */
    static void backends(DynamicPropertyRegistry registry, WireMockServer keycloak, WireMockServer registryService,
            WireMockServer sharingService, RedisServerProcess redis) {
        registry.add("citybrain.identity.jwk-set-uri", () -> keycloak.baseUrl() + JWKS_PATH);
        registry.add("CITYBRAIN_REGISTRY_URI", registryService::baseUrl);
        registry.add("CITYBRAIN_SHARING_URI", sharingService::baseUrl);
        registry.add("CITYBRAIN_REDIS_PORT", redis::port);
    }

    /** The stand-in identity provider publishes the key that signs {@link #TOKENS}. */
    static void serveJwks(WireMockServer keycloak) {
        keycloak.stubFor(get(JWKS_PATH).willReturn(okForContentType("application/jwk-set+json", TOKENS.jwks())));
    }

    @AfterAll
    static void stop() {
        KEYCLOAK.stop();
        REGISTRY.stop();
        SHARING.stop();
        REDIS.stop();
    }

    @BeforeEach
    void setUp() {
        http = TestClients.local(port);
        KEYCLOAK.resetAll();
        serveJwks(KEYCLOAK);
        REGISTRY.resetAll();
        REGISTRY.stubFor(any(anyUrl()).willReturn(okJson("{\"backend\": \"registry\"}")));
        SHARING.resetAll();
        SHARING.stubFor(any(anyUrl()).willReturn(okJson("{\"backend\": \"sharing\"}")));
    }

    static String validToken() {
        return TOKENS.department("gaoyou.civil-affairs", Level.COUNTY, "321084", Roles.QUERY);
    }

    WebTestClient.ResponseSpec call(HttpMethod method, String path, String token) {
        return call(http, method, path, token);
    }

    WebTestClient.ResponseSpec management(String path) {
        return call(WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort)
                .responseTimeout(Duration.ofSeconds(15)).build(), HttpMethod.GET, path, null);
    }

    static WebTestClient.ResponseSpec call(WebTestClient http, HttpMethod method, String path, String token) {
        var request = http.method(method).uri(path);
        if (token != null) {
            request = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        return request.exchange();
    }

    void expectUnauthenticated(String token) {
        call(HttpMethod.GET, "/api/v1/catalog/resources", token)
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, v -> assertThat(v).startsWith("Bearer"))
                .expectBody().jsonPath("$.code").isEqualTo("UNAUTHENTICATED");
        REGISTRY.verify(0, anyRequestedFor(anyUrl()));
    }

    @Nested
    @DisplayName("tokens")
    class Tokens {

        @Test
        void shouldAnswer401ProblemWithoutAToken() {
            expectUnauthenticated(null);
        }

        @Test
        void shouldAnswer401ForAMalformedToken() {
            expectUnauthenticated("not.a.jwt");
        }

        @Test
        void shouldAnswer401ForATokenSignedByAnotherKey() {
            expectUnauthenticated(new TestTokens().department("gaoyou.civil-affairs", Level.COUNTY, "321084",
                    Roles.QUERY));
        }

        @Test
        void shouldAnswer401ForAnExpiredToken() {
            Instant longAgo = Instant.now().minus(Duration.ofHours(1));
            expectUnauthenticated(TOKENS.sign(TOKENS.claims("gaoyou.civil-affairs", Level.COUNTY, "321084",
                    Roles.QUERY).issueTime(Date.from(longAgo)).expirationTime(Date.from(longAgo.plusSeconds(300)))
                    .build()));
        }

        @Test
        void shouldAnswer401ForATokenForAnotherAudience() {
            expectUnauthenticated(TOKENS.sign(TOKENS.claims("gaoyou.civil-affairs", Level.COUNTY, "321084",
                    Roles.QUERY).audience("account").build()));
        }

        @Test
        void shouldAnswer401ForATokenFromAnotherIssuer() {
            expectUnauthenticated(TOKENS.sign(TOKENS.claims("gaoyou.civil-affairs", Level.COUNTY, "321084",
                    Roles.QUERY).issuer("http://127.0.0.1:8180/realms/master").build()));
        }
    }

    @Nested
    @DisplayName("routing")
    class Routing {

        @ParameterizedTest(name = "{0} {1} -> {2}")
        @CsvSource({
                "POST, /api/v1/queries, sharing",
                "POST, /api/v1/collection-checks, sharing",
                "GET, /api/v1/metrics/burden?from=2026-11, sharing",
                "GET, /api/v1/catalog/resources?subjectType=PERSON, registry",
                "GET, /api/v1/catalog/resources/res-population, registry",
                "GET, /api/v1/agreements, registry",
                "GET, /api/v1/agreements/agr-1, registry",
                "POST, /api/v1/departments, registry",
                "GET, /api/v1/departments/gaoyou.civil-affairs, registry" })
        void shouldRouteAValidCallToItsBackend(HttpMethod method, String path, String backend) {
            call(method, path, validToken())
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.backend").isEqualTo(backend);

            WireMockServer expected = backend.equals("sharing") ? SHARING : REGISTRY;
            WireMockServer other = backend.equals("sharing") ? REGISTRY : SHARING;
            expected.verify(1, anyRequestedFor(urlEqualTo(path)));
            other.verify(0, anyRequestedFor(anyUrl()));
        }

        @Test
        void shouldForwardTheTokenAndOrdinaryHeadersButStripForgeableIdentityHeaders() {
            String token = validToken();

            http.post().uri("/api/v1/queries")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .header("X-Citybrain-Dept", "yangzhou.public-security")
                    .header("X-User-Id", "admin")
                    .header("X-Forwarded-User", "admin")
                    .header("x-department", "yangzhou.public-security")
                    .header(HttpHeaders.ACCEPT_LANGUAGE, "zh-CN")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"subjectType\": \"PERSON\"}")
                    .exchange()
                    .expectStatus().isOk();

            SHARING.verify(1, WireMock.postRequestedFor(urlEqualTo("/api/v1/queries"))
                    .withHeader(HttpHeaders.AUTHORIZATION, equalTo("Bearer " + token))
                    .withHeader(HttpHeaders.ACCEPT_LANGUAGE, equalTo("zh-CN"))
                    .withRequestBody(equalTo("{\"subjectType\": \"PERSON\"}"))
                    .withoutHeader("X-Citybrain-Dept")
                    .withoutHeader("X-User-Id")
                    .withoutHeader("X-Forwarded-User")
                    .withoutHeader("x-department"));
        }

        @Test
        void shouldPassTheBackendsStatusAndProblemThrough() {
            REGISTRY.stubFor(get(urlPathMatching("/api/v1/agreements/.*")).willReturn(WireMock.aResponse()
                    .withStatus(404).withHeader("Content-Type", "application/problem+json")
                    .withBody("{\"status\": 404, \"code\": \"AGREEMENT_NOT_FOUND\"}")));

            call(HttpMethod.GET, "/api/v1/agreements/agr-secret", validToken())
                    .expectStatus().isNotFound()
                    .expectBody().jsonPath("$.code").isEqualTo("AGREEMENT_NOT_FOUND");
        }

        @Test
        void shouldAnswer404ProblemForAnUnknownApi() {
            call(HttpMethod.GET, "/api/v1/nope", validToken())
                    .expectStatus().isNotFound()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
            REGISTRY.verify(0, anyRequestedFor(anyUrl()));
            SHARING.verify(0, anyRequestedFor(anyUrl()));
        }

        @Test
        void shouldNotRouteAPathThatOnlyStartsLikeAnApi() {
            call(HttpMethod.GET, "/api/v1/agreementsX", validToken()).expectStatus().isNotFound();
            REGISTRY.verify(0, anyRequestedFor(anyUrl()));
        }

        @Test
        @DisplayName("liveness and readiness answer without a token on the main port (/livez, /readyz) and on the management port")
        void shouldKeepProbesPublic() {
            call(HttpMethod.GET, "/livez", null).expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("UP");
            call(HttpMethod.GET, "/readyz", null).expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("UP");
            management("/actuator/health/readiness").expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("UP");
            management("/actuator/health").expectBody().jsonPath("$.components.redis.status").isEqualTo("UP");
        }

        @Test
        void shouldTurnReadinessDownWhileTheRealmKeysAreUnreachable() {
            KEYCLOAK.resetAll();
            KEYCLOAK.stubFor(get(JWKS_PATH).willReturn(WireMock.serverError()));
            call(HttpMethod.GET, "/readyz", null)
                    .expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.components.identityProvider.status").isEqualTo("DOWN");
            management("/actuator/health/readiness").expectStatus().isEqualTo(503);
            call(HttpMethod.GET, "/livez", null).expectStatus().isOk();

            KEYCLOAK.stubFor(get(JWKS_PATH).willReturn(okForContentType("application/jwk-set+json", TOKENS.jwks())));
            // readiness also follows the broker and the department events; on a loaded machine a probe of those can
            // time out once, so wait for the whole group to be UP again rather than racing one probe
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> call(HttpMethod.GET, "/readyz", null)
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.components.identityProvider.status").isEqualTo("UP"));
        }

        @Test
        void shouldIncludeTheBrokerAndTheReplayedDepartmentEventsInReadiness() {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> management("/actuator/health/readiness").expectStatus().isOk().expectBody()
                    .jsonPath("$.components.kafka.status").isEqualTo("UP")
                    .jsonPath("$.components.departmentStatus.status").isEqualTo("UP"));
        }

        @Test
        @DisplayName("Prometheus answers on the management port only; on the main port it needs credentials and gets nothing")
        void shouldServeMetricsOnTheManagementPortOnlyAndNameTheTraceInProblems() {
            call(HttpMethod.GET, "/api/v1/agreements", null).expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.traceId").value(id -> assertThat((String) id).matches("[0-9a-f]{32}"));
            call(HttpMethod.GET, "/actuator/prometheus", null).expectStatus().isUnauthorized()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("UNAUTHENTICATED");
            call(HttpMethod.GET, "/actuator/prometheus", validToken()).expectStatus().isForbidden();
            call(HttpMethod.GET, "/actuator/health", null).expectStatus().isUnauthorized();
            management("/actuator/prometheus").expectStatus().isOk()
                    .expectBody(String.class).value(body -> assertThat(body).contains("http_server_requests"));
        }

        @Test
        void shouldDenyAnythingOutsideTheApi() {
            call(HttpMethod.GET, "/actuator/env", null).expectStatus().isUnauthorized();
            call(HttpMethod.GET, "/actuator/env", validToken()).expectStatus().isForbidden()
                    .expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
        }
    }

    @Nested
    @DisplayName("a deactivated department's still-valid token")
    class DeactivatedDepartment {

        final String department = "gaoyou.closed-" + UUID.randomUUID().toString().substring(0, 8);
        final String token = TOKENS.department(department, Level.COUNTY, "321084", Roles.QUERY);

        void publish(String status, long version) throws Exception {
            var event = DepartmentChanged.of(UUID.randomUUID().toString(), Instant.now(),
                    new DepartmentChanged.Department(department, "高邮市已撤销办公室", "Gaoyou closed office", "COUNTY",
                            "321084", "CONSUMER", status, version));
            try (var producer = new KafkaProducer<String, String>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
                producer.send(new ProducerRecord<>(Topics.REGISTRY_DEPARTMENTS, department,
                        JsonMapper.builder().build().writeValueAsString(event))).get();
            }
        }

        int status(String path) {
            return call(HttpMethod.GET, path, token).returnResult(Void.class).getStatus().value();
        }

        @Test
        @DisplayName("is refused with 403 DEPARTMENT_INACTIVE before any backend sees it, and let through after activation")
        void shouldRefuseTheTokenOfADeactivatedDepartment() throws Exception {
            call(HttpMethod.GET, "/api/v1/catalog/resources", token).expectStatus().isOk();

            publish("INACTIVE", 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> status("/api/v1/catalog/resources") == 403);
            REGISTRY.resetRequests();
            call(HttpMethod.GET, "/api/v1/catalog/resources", token)
                    .expectStatus().isForbidden()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.code").isEqualTo("DEPARTMENT_INACTIVE");
            call(HttpMethod.GET, "/api/v1/audit/records", token).expectStatus().isForbidden();
            REGISTRY.verify(0, anyRequestedFor(anyUrl()));
            SHARING.verify(0, anyRequestedFor(urlPathMatching("/api/v1/audit/.*")));
            // the query paths are the sharing service's to refuse (it records the attempt): passed on
            call(HttpMethod.POST, "/api/v1/queries", token).expectStatus().isOk()
                    .expectBody().jsonPath("$.backend").isEqualTo("sharing");
            // other departments are not touched
            call(HttpMethod.GET, "/api/v1/catalog/resources", validToken()).expectStatus().isOk();

            publish("ACTIVE", 3);
            await().atMost(Duration.ofSeconds(30)).until(() -> status("/api/v1/catalog/resources") == 200);
        }

        @Test
        @DisplayName("an older event arriving late does not undo a newer one")
        void shouldKeepTheNewestVersion() throws Exception {
            publish("INACTIVE", 5);
            await().atMost(Duration.ofSeconds(30)).until(() -> status("/api/v1/catalog/resources") == 403);
            publish("ACTIVE", 4);
            publish("INACTIVE", 6);
            assertThat(status("/api/v1/catalog/resources")).isEqualTo(403);
        }

        /**
         * Refused before its body is read, a POST must not stall the connection it came on (Reactor Netty 1.3.6
         * left the next request on it unanswered): the answer says {@code Connection: close} and the server closes,
         * so a second request on that connection ends at once (answered or closed), and the server goes on serving.
         */
        @Test
        @DisplayName("a refused POST with an unread body leaves no stalled keep-alive connection")
        void shouldNotStallTheConnectionOfARefusedPost() throws Exception {
            publish("INACTIVE", 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> status("/api/v1/catalog/resources") == 403);
            String body = "{\"name\":\"" + "x".repeat(20_000) + "\"}";

            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                out.write(("POST /api/v1/agreements HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                        + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: keep-alive\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body.getBytes(StandardCharsets.UTF_8));
                out.flush();

                String first = readResponse(in);
                assertThat(first).startsWith("HTTP/1.1 403").containsIgnoringCase("connection: close")
                        .contains("DEPARTMENT_INACTIVE");

                // the same connection, again: answered or closed, but never left hanging (the read times out at 10 s)
                String second;
                try {
                    out.write(("GET /api/v1/catalog/resources HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                            + validToken() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    second = readResponse(in);
                } catch (SocketException closed) {
                    second = "";
                } catch (SocketTimeoutException stalled) {
                    throw new AssertionError("the connection of a refused POST stalled", stalled);
                }
                assertThat(second).satisfiesAnyOf(s -> assertThat(s).isEmpty(),
                        s -> assertThat(s).startsWith("HTTP/1.1 200"));
            }
            // and the gateway goes on serving on new connections
            call(HttpMethod.GET, "/api/v1/catalog/resources", validToken()).expectStatus().isOk();
        }

        /** Head and body of one response (Content-Length framed), or "" when the server closed the connection. */
        String readResponse(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                head.write(b);
                if (head.size() >= 4 && head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    break;
                }
            }
            String headers = head.toString(StandardCharsets.ISO_8859_1);
            if (b == -1) {
                return headers;
            }
            int length = headers.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                    .map(l -> Integer.parseInt(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElse(0);
            return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }
    }
}
