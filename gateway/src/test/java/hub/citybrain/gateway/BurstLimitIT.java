package hub.citybrain.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.github.tomakehurst.wiremock.WireMockServer;

import hub.citybrain.identity.Level;
import hub.citybrain.identity.Roles;
import hub.citybrain.testsupport.TestClients;
import hub.citybrain.testsupport.WireMocks;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The per-client burst limit: Gateway's own RequestRateLimiter on a real redis-server, with a limit low enough to
 * reach in a few calls (1 token a second, a bucket of 3, 1 token per request).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "CITYBRAIN_RATE_LIMIT_REPLENISH_RATE=1", "CITYBRAIN_RATE_LIMIT_BURST_CAPACITY=3",
        "CITYBRAIN_RATE_LIMIT_REQUESTED_TOKENS=1" })
class BurstLimitIT {

    static final WireMockServer KEYCLOAK = WireMocks.started();
    static final WireMockServer SHARING = WireMocks.started();
    static final RedisServerProcess REDIS = RedisServerProcess.started();

    @Value("${local.server.port}")
    int port;
    @Autowired
    MeterRegistry meters;
    WebTestClient http;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        GatewayRoutingIT.backends(registry, KEYCLOAK, SHARING, SHARING, REDIS);
    }

    @AfterAll
    static void stop() {
        KEYCLOAK.stop();
        SHARING.stop();
        REDIS.stop();
    }

    @BeforeEach
    void setUp() {
        http = TestClients.local(port);
        GatewayRoutingIT.serveJwks(KEYCLOAK);
        SHARING.stubFor(any(anyUrl()).willReturn(okJson("{\"backend\": \"sharing\"}")));
    }

    static String token(String client) {
        return GatewayRoutingIT.TOKENS.department(client, Level.COUNTY, "321084", Roles.QUERY);
    }

    EntityExchangeResult<String> call(String path, String token) {
        return http.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectBody(String.class).returnResult();
    }

    @Test
    @DisplayName("a client over its burst gets 429 problem+json RATE_LIMITED with Retry-After; another client does not")
    void shouldRefuseAClientOverItsBurstWithAProblemAndRetryAfter() {
        String busy = token("burst.busy-client");
        List<EntityExchangeResult<String>> answers = new ArrayList<>();
        // a bucket of 3 refilled at 1/s: at most 3 + (seconds elapsed) of 12 quick calls can pass
        for (int i = 0; i < 12; i++) {
            answers.add(call("/api/v1/queries/x", busy));
        }
        List<EntityExchangeResult<String>> refused = answers.stream()
                .filter(a -> a.getStatus().value() == 429).toList();
        assertThat(answers.stream().filter(a -> a.getStatus().is2xxSuccessful()).count()).isGreaterThanOrEqualTo(3);
        assertThat(refused).isNotEmpty();

        EntityExchangeResult<String> first = refused.get(0);
        assertThat(first.getResponseHeaders().getContentType()).isNotNull()
                .satisfies(type -> assertThat(type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue());
        assertThat(first.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(first.getResponseBody()).contains("\"code\":\"RATE_LIMITED\"").contains("\"status\":429");
        SHARING.verify(answers.size() - refused.size(), com.github.tomakehurst.wiremock.client.WireMock
                .anyRequestedFor(anyUrl()).withHeader(HttpHeaders.AUTHORIZATION,
                        com.github.tomakehurst.wiremock.client.WireMock.containing(busy)));

        assertThat(call("/api/v1/queries/x", token("burst.quiet-client")).getStatus()).isEqualTo(HttpStatus.OK);
    }

    @Test
    @DisplayName("with Redis unreachable the limit fails open: requests pass, and each is counted")
    void shouldFailOpenAndCountWhileRedisIsDown() throws IOException {
        String client = token("burst.while-redis-down");
        REDIS.stop();
        try {
            double before = unavailable();
            for (int i = 0; i < 6; i++) {
                assertThat(call("/api/v1/queries/x", client).getStatus()).isEqualTo(HttpStatus.OK);
            }
            assertThat(unavailable() - before).isEqualTo(6);
        } finally {
            REDIS.start();
        }
    }

    double unavailable() {
        var counter = meters.find("citybrain.gateway.ratelimit.unavailable").counter();
        return counter == null ? 0 : counter.count();
    }
}
