package hub.citybrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import hub.citybrain.devstack.world.DemoWorld;

/**
 * What the hub's edge tells a client and what it keeps to itself: a quota refusal says when to come back
 * ({@code Retry-After}, whole requests and batch lines alike), and the management endpoints are not on the gateway's
 * public port, while the probes are.
 */
@ExtendWith(EmbeddedStack.class)
@DisplayName("The edge: Retry-After on 429, management off the public port")
class EdgeProtectionIT {

    @Test
    @DisplayName("a query over its agreement's daily quota gets 429 QUOTA_EXCEEDED with Retry-After until Shanghai midnight")
    void shouldTellAClientOverItsQuotaWhenToComeBack() {
        String token = Tokens.clientCredentials(AgreementEnforcementIT.CONSUMER);
        Map<String, Object> body = Map.of(
                "id", "agr-e2e-quota-" + Long.toString(System.nanoTime(), 36),
                "consumer", AgreementEnforcementIT.CONSUMER, "resourceId", AgreementEnforcementIT.GRID,
                "fields", List.of("householdId"),
                "purpose", Map.of("code", "GRID_MANAGEMENT", "text", "网格化管理 / grid management"),
                "legalBasis", "《江苏省网格化服务管理条例》", "validFrom", Instant.now().minusSeconds(60).toString(),
                "validUntil", Instant.now().plus(Duration.ofDays(1)).toString(), "dailyQuota", 1);
        Http.Response created = Http.post(EmbeddedStack.gateway() + "/api/v1/agreements",
                AgreementEnforcementIT.admin(), body, Map.of());
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        // the first answered query uses the one query of the day
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> AgreementEnforcementIT.query(token, "householdId").body().path("fields").has("householdId"));

        Http.Response refused = AgreementEnforcementIT.query(token, "householdId");

        assertThat(refused.status()).as(refused.raw()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().path("code").asText()).isEqualTo("QUOTA_EXCEEDED");
        long retryAfter = Long.parseLong(refused.headers().get("retry-after").get(0));
        assertThat(retryAfter).isBetween(1L, 86_400L).isCloseTo(secondsToShanghaiMidnight(), org.assertj.core.data.Offset.offset(120L));

        JsonNode line = batchLine(token, "householdId");
        assertThat(line.path("status").asInt()).as(line.toString()).isEqualTo(429);
        assertThat(line.path("problem").path("code").asText()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(line.path("problem").path("retryAfter").asLong()).isBetween(1L, 86_400L);
    }

    @Test
    @DisplayName("the gateway's /actuator/prometheus needs credentials on the public port; the management port has it")
    void shouldKeepPrometheusOffThePublicPort() {
        Http.Response anonymous = Http.get(EmbeddedStack.gateway() + "/actuator/prometheus", null);
        assertThat(anonymous.status()).as(anonymous.raw()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(anonymous.body().path("code").asText()).isEqualTo("UNAUTHENTICATED");
        // a department's token does not open it either
        Http.Response department = Http.get(EmbeddedStack.gateway() + "/actuator/prometheus",
                Tokens.clientCredentials(AgreementEnforcementIT.CONSUMER));
        assertThat(department.status()).isEqualTo(403);
        assertThat(Http.get(EmbeddedStack.gateway() + "/actuator/env", null).status()).isEqualTo(401);

        Http.Response scraped = Http.get("http://127.0.0.1:" + EmbeddedStack.GATEWAY_MGMT + "/actuator/prometheus", null);
        assertThat(scraped.status()).isEqualTo(200);
        assertThat(scraped.raw()).contains("http_server_requests");
        for (int port : new int[] { EmbeddedStack.REGISTRY_MGMT, EmbeddedStack.SHARING_MGMT }) {
            assertThat(Http.get("http://127.0.0.1:" + port + "/actuator/prometheus", null).raw())
                    .contains("jvm_memory_used_bytes");
        }
    }

    @Test
    @DisplayName("liveness and readiness answer on the gateway's public port without a token")
    void shouldKeepTheProbesReachable() {
        for (String probe : List.of("/livez", "/readyz")) {
            Http.Response answer = Http.get(EmbeddedStack.gateway() + probe, null);
            assertThat(answer.status()).as(probe + ": " + answer.raw()).isEqualTo(200);
            assertThat(answer.body().path("status").asText()).isEqualTo("UP");
        }
    }

    static JsonNode batchLine(String token, String field) {
        String line = Http.JSON.valueToTree(Map.of("subjectType", "PERSON", "subjectKey", DemoWorld.SHOWCASE_ID_NUMBER,
                "fields", List.of(field), "purpose", "GRID_MANAGEMENT")).toString();
        Http.Response answer = Http.send(HttpRequest.newBuilder(URI.create(EmbeddedStack.gateway() + "/api/v1/queries/batch"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(line + "\n"))
                .build());
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        try {
            return Http.JSON.readTree(answer.raw().lines().filter(l -> !l.isBlank()).findFirst().orElseThrow());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static long secondsToShanghaiMidnight() {
        var zone = java.time.ZoneId.of("Asia/Shanghai");
        var now = java.time.ZonedDateTime.now(zone);
        return Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(zone)).toSeconds();
    }
}
