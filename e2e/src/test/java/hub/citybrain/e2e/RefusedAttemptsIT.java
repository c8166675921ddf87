package hub.citybrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import hub.citybrain.devstack.world.DemoWorld;

/**
 * Every attempt is recorded, through the gateway with real Keycloak tokens: a query refused for the missing role
 * (403), one over its agreement's daily quota (429) and one whose every field is denied (200, nothing given) each
 * appear in the audit log with outcome REFUSED and their reason, and in the subject's access log.
 */
@ExtendWith(EmbeddedStack.class)
@DisplayName("Refused attempts reach the audit log")
class RefusedAttemptsIT {

    static final String ADMIN = "hub.data-authority";
    /** A provider department: its token has dept:provide, not dept:query. */
    static final String PROVIDER = "chelu.grid-office";

    /** A subject key of its own for each attempt, so that the log entries found are this test's. */
    static String freshSubject() {
        return "3210841975" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    static Http.Response ask(String token, String subjectKey, String field) {
        return Http.post(EmbeddedStack.gateway() + "/api/v1/queries", token, Map.of("subjectType", "PERSON",
                "subjectKey", subjectKey, "fields", List.of(field), "purpose", "SUBSISTENCE_REVIEW"), Map.of());
    }

    /** A new township consumer with its own Keycloak client and one agreement on {@code name}, once a day. */
    static String departmentWithQuotaOfOne() {
        String admin = Tokens.clientCredentials(ADMIN);
        var registered = DepartmentOnboardingIT.registerOwn(admin, "e2e-refused-");
        String code = registered.code();
        Instant now = Instant.now();
        Http.Response agreement = Http.post(EmbeddedStack.gateway() + "/api/v1/agreements", admin, Map.of(
                "consumer", code, "resourceId", "res-national-population-person", "fields", List.of("name"),
                "purpose", Map.of("code", "SUBSISTENCE_REVIEW", "text", "最低生活保障资格复核"),
                "legalBasis", "《社会救助暂行办法》第十一条",
                "validFrom", now.minus(Duration.ofDays(1)).toString(),
                "validUntil", now.plus(Duration.ofDays(30)).toString(), "dailyQuota", 1), Map.of());
        assertThat(agreement.status()).as("agreement: %s", agreement.raw()).isEqualTo(201);
        return registered.token();
    }

    /** The audit log's one REFUSED entry about the subject, as the auditor finds it by the outcome filter. */
    static JsonNode refusalInAuditLog(String auditor, String subjectKey) {
        JsonNode items = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> page(auditor, "/api/v1/audit/records?outcome=REFUSED&subjectType=PERSON&subjectKey="
                        + subjectKey), found -> found.size() == 1);
        return items.get(0).path("access");
    }

    static JsonNode page(String token, String pathAndQuery) {
        Http.Response response = Http.get(EmbeddedStack.gateway() + pathAndQuery, token);
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        return response.body().path("items");
    }

    static void assertInSubjectLog(String auditor, String subjectKey, String reason) {
        JsonNode log = page(auditor, "/api/v1/subjects/PERSON/" + subjectKey + "/access-log?outcome=REFUSED");
        assertThat(log).hasSize(1);
        assertThat(log.get(0).path("refusalReason").asText()).isEqualTo(reason);
        assertThat(log.get(0).path("fieldsRead")).isEmpty();
    }

    @Test
    @DisplayName("403 without dept:query, 429 over the quota, every field denied: each in the audit log with its reason")
    void shouldRecordRefusedAttempts() {
        String auditor = Tokens.auditor();

        // 403: a provider's token asks as if it were a consumer
        String forbiddenSubject = freshSubject();
        Http.Response forbidden = ask(Tokens.clientCredentials(PROVIDER), forbiddenSubject, "name");
        assertThat(forbidden.status()).as(forbidden.raw()).isEqualTo(403);
        assertThat(forbidden.body().path("code").asText()).isEqualTo("FORBIDDEN");

        // 429: the day's one query is used (once the sharing service has learnt the agreement), the next refused
        String token = departmentWithQuotaOfOne();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> ask(token, DemoWorld.SHOWCASE_ID_NUMBER, "name"),
                        r -> r.status() == 200 && r.body().path("fields").has("name"));
        String overQuotaSubject = freshSubject();
        Http.Response overQuota = ask(token, overQuotaSubject, "name");
        assertThat(overQuota.status()).as(overQuota.raw()).isEqualTo(429);
        assertThat(overQuota.body().path("code").asText()).isEqualTo("QUOTA_EXCEEDED");

        // every field denied: answered, with nothing given
        String deniedSubject = freshSubject();
        Http.Response denied = ask(token, deniedSubject, "partyMember");
        assertThat(denied.status()).as(denied.raw()).isEqualTo(200);
        assertThat(denied.body().path("fields").size()).isZero();
        assertThat(denied.body().path("denied").path(0).path("field").asText()).isEqualTo("partyMember");

        JsonNode forbiddenEntry = refusalInAuditLog(auditor, forbiddenSubject);
        assertThat(forbiddenEntry.path("refusalReason").asText()).isEqualTo("FORBIDDEN");
        assertThat(forbiddenEntry.path("consumer").asText()).isEqualTo(PROVIDER);
        assertThat(forbiddenEntry.path("fieldsGiven")).isEmpty();
        assertInSubjectLog(auditor, forbiddenSubject, "FORBIDDEN");

        JsonNode quotaEntry = refusalInAuditLog(auditor, overQuotaSubject);
        assertThat(quotaEntry.path("refusalReason").asText()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(quotaEntry.path("agreementIds")).hasSize(1);
        assertInSubjectLog(auditor, overQuotaSubject, "QUOTA_EXCEEDED");

        JsonNode deniedEntry = refusalInAuditLog(auditor, deniedSubject);
        assertThat(deniedEntry.path("refusalReason").asText()).isEqualTo("ALL_FIELDS_DENIED");
        assertThat(deniedEntry.path("denied").path(0).path("field").asText()).isEqualTo("partyMember");
        assertInSubjectLog(auditor, deniedSubject, "ALL_FIELDS_DENIED");

        // the log holds the subjects' hashes only
        assertThat(Http.get(EmbeddedStack.gateway() + "/api/v1/audit/records?outcome=REFUSED&size=200", auditor).raw())
                .doesNotContain(forbiddenSubject).doesNotContain(overQuotaSubject).doesNotContain(deniedSubject);
    }
}
