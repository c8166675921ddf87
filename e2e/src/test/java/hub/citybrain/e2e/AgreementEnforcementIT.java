package hub.citybrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import hub.citybrain.devstack.world.DemoWorld;

/**
 * The sharing service follows the registry: a revoked agreement stops being honoured within seconds (measured
 * and written to target/agreement-enforcement.txt, not asserted), and an agreement past its validUntil is no
 * longer honoured and shows EXPIRED.
 */
@ExtendWith(EmbeddedStack.class)
@DisplayName("Agreement changes reach the query path")
class AgreementEnforcementIT {

    static final String CONSUMER = "chelu.township-office";
    static final String GRID = "res-township-grid-household";

    static String admin() {
        return Tokens.clientCredentials("hub.data-authority");
    }

    static JsonNode agreement(String field, Instant validUntil) {
        Map<String, Object> body = Map.of(
                "id", "agr-e2e-" + UUID.randomUUID().toString().substring(0, 8),
                "consumer", CONSUMER, "resourceId", GRID, "fields", List.of(field),
                "purpose", Map.of("code", "GRID_MANAGEMENT", "text", "网格化管理 / grid management"),
                "legalBasis", "《江苏省网格化服务管理条例》", "validFrom", Instant.now().minusSeconds(60).toString(),
                "validUntil", validUntil.toString(), "dailyQuota", 100);
        Http.Response created = Http.post(EmbeddedStack.gateway() + "/api/v1/agreements", admin(), body, Map.of());
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().path("status").asText()).isEqualTo("ACTIVE");
        return created.body();
    }

    static Http.Response query(String token, String field) {
        return Http.post(EmbeddedStack.gateway() + "/api/v1/queries", token, Map.of("subjectType", "PERSON",
                "subjectKey", DemoWorld.SHOWCASE_ID_NUMBER, "fields", List.of(field), "purpose", "GRID_MANAGEMENT"),
                Map.of());
    }

    static String deniedReason(Http.Response response) {
        return response.body().path("denied").path(0).path("reason").asText("");
    }

    @Test
    @DisplayName("a revocation by the provider is honoured by the sharing service within seconds")
    void shouldStopHonouringARevokedAgreement() throws IOException {
        String token = Tokens.clientCredentials(CONSUMER);
        JsonNode agreement = agreement("householdId", Instant.now().plus(Duration.ofDays(30)));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> query(token, "householdId").body().path("fields").has("householdId"));

        Http.Response revoked = Http.post(EmbeddedStack.gateway() + "/api/v1/agreements/" + agreement.path("id").asText()
                + "/revoke", Tokens.clientCredentials("chelu.grid-office"),
                Map.of("reason", "网格调整，不再需要 / grid reorganised"), Map.of());
        assertThat(revoked.status()).as(revoked.raw()).isEqualTo(200);
        assertThat(revoked.body().path("status").asText()).isEqualTo("REVOKED");
        long start = System.nanoTime();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> "NO_AGREEMENT".equals(deniedReason(query(token, "householdId"))));
        long millis = (System.nanoTime() - start) / 1_000_000;
        report("revocation honoured by the sharing service after " + millis + " ms");
        assertThat(query(token, "householdId").body().path("fields").has("householdId")).isFalse();
    }

    @Test
    @DisplayName("an agreement past its validUntil is not honoured and shows EXPIRED")
    void shouldStopHonouringAnExpiredAgreement() throws IOException {
        String token = Tokens.clientCredentials(CONSUMER);
        JsonNode agreement = agreement("gridCode", Instant.now().plusSeconds(8));
        String id = agreement.path("id").asText();
        await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(200))
                .until(() -> query(token, "gridCode").body().path("fields").has("gridCode"));

        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250))
                .until(() -> "EXPIRED".equals(deniedReason(query(token, "gridCode"))));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> "EXPIRED".equals(Http.get(EmbeddedStack.gateway() + "/api/v1/agreements/" + id, admin())
                        .body().path("status").asText()));
        JsonNode history = Http.get(EmbeddedStack.gateway() + "/api/v1/agreements/" + id, admin()).body().path("history");
        assertThat(history.get(history.size() - 1).path("to").asText()).isEqualTo("EXPIRED");
        report("agreement " + id + " expired; status EXPIRED, queries denied EXPIRED");
    }

    private static void report(String line) throws IOException {
        Path file = Paths.get("target", "agreement-enforcement.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, Instant.now() + " " + line + System.lineSeparator(), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        System.out.println("[measured] " + line);
    }
}
