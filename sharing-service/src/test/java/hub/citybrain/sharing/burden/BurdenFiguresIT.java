package hub.citybrain.sharing.burden;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static hub.citybrain.sharing.query.PolicyMother.agreement;
import static hub.citybrain.sharing.query.PolicyMother.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

import com.mongodb.reactivestreams.client.MongoClients;

import hub.citybrain.identity.Level;
import hub.citybrain.identity.Roles;
import hub.citybrain.testsupport.TestTokens;
import hub.citybrain.sharing.collection.CheckRecord;
import hub.citybrain.sharing.policy.PolicyView;
import hub.citybrain.sharing.query.RunningSharingService;
import hub.citybrain.sharing.query.SharingInfrastructure;
import tools.jackson.databind.JsonNode;

/**
 * The burden figures after a known sequence of collection checks and queries by two departments at two levels add
 * up exactly, are the same after the service is stopped and started again, and keep counting afterwards. MongoDB
 * outlives the service, as a real deployment's does.
 */
class BurdenFiguresIT {

    static final TestTokens TOKENS = new TestTokens();
    static final String COUNTY = "gaoyou.civil-affairs";
    static final String TOWNSHIP = "chelu.township-office";
    static final String PERSON = "321084196803151313";

    static SharingInfrastructure infrastructure;

    final String county = TOKENS.department(COUNTY, Level.COUNTY, "321084", Roles.QUERY);
    final String township = TOKENS.department(TOWNSHIP, Level.TOWNSHIP, "321084104", Roles.QUERY);
    final String admin = TOKENS.department("hub.data-authority", Level.MUNICIPAL, "321000", Roles.HUB_ADMIN);
    final String month = YearMonth.now(BurdenLedger.MONTH_ZONE).toString();

    @BeforeAll
    static void startInfrastructure() {
        infrastructure = new SharingInfrastructure();
        infrastructure.source().stubFor(get(urlPathMatching("/people/.*"))
                .willReturn(okJson("{\"name\": \"王建国\", \"birthDate\": \"1968-03-15\", \"gridCode\": \"321084104202001\"}")));
        publishPolicy();
    }

    /** name and birthDate held nationally, gridCode at township level; the county agreed on all three. */
    static void publishPolicy() {
        var population = resource("res-population").heldBy("national.population-registry", "NATIONAL")
                .keyedBy("ID_NUMBER")
                .field("name", "UNCONDITIONAL", true).aliases("name", "姓名")
                .field("birthDate", "UNCONDITIONAL", true).aliases("birthDate", "出生日期")
                .field("gridCode", "UNCONDITIONAL", true).aliases("gridCode", "网格编号")
                // generous: a cold JVM on a busy machine must not turn the first answers into TIMEOUTs
                .at(infrastructure.source().baseUrl()).path("/people/{subjectKey}").timeoutMs(10_000);
        try (var policy = infrastructure.policyPublisher()) {
            policy.publish(population.event());
            policy.publish(agreement("agr-county").consumer(COUNTY)
                    .on(population.build(), "name", "birthDate", "gridCode").event());
        }
    }

    @AfterAll
    static void stopInfrastructure() {
        infrastructure.close();
    }

    /** Each test counts in a database of its own, so that the figures of one do not leak into another. */
    RunningSharingService started(String database) {
        var service = infrastructure.startService(TOKENS,
                "spring.mongodb.database=" + database);
        PolicyView policy = service.bean(PolicyView.class);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> policy.resourceCount() == 1 && policy.agreement("agr-county").isPresent());
        return service;
    }

    JsonNode check(RunningSharingService sharing, String token, int subjects, String... labels) {
        var response = sharing.post(token, "/api/v1/collection-checks", Map.of("subjectType", "PERSON",
                "fields", List.of(labels), "subjects", subjects, "purpose", "SUBSISTENCE_REVIEW"));
        assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
        return response.body();
    }

    JsonNode burden(RunningSharingService sharing, String token, String query) {
        var response = sharing.get(token, "/api/v1/metrics/burden" + query);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body();
    }

    static JsonNode row(JsonNode report, String consumer) {
        for (JsonNode row : report.path("rows")) {
            if (row.path("consumer").asString().equals(consumer)) {
                return row;
            }
        }
        throw new AssertionError("no row for " + consumer + " in " + report);
    }

    /** checks, fieldsSaved, queries, fieldsSupplied of one row or the totals. */
    static List<Long> figures(JsonNode node) {
        return List.of(node.path("checks").asLong(), node.path("fieldsSaved").asLong(), node.path("queries").asLong(),
                node.path("fieldsSupplied").asLong());
    }

    @Test
    void shouldAddUpExactlyBeforeAndAfterARestartAndKeepCounting() {
        try (var sharing = started("burden-restart")) {
            // county: 3 held of 5 labels x 120 subjects = 360; 2 held x 40 = 80
            assertThat(check(sharing, county, 120, "姓名", "出生日期", "网格编号", "身份证号", "月收入")
                    .at("/verdict/fieldsSaved").asLong()).isEqualTo(360);
            check(sharing, county, 40, "name", "出生日期", "住房情况");
            // township: 1 held x 7 = 7 (no agreement needed to learn what is held)
            check(sharing, township, 7, "网格编号", "月收入");
            // county queries: 3 fields supplied, then 2 (birthDate asked twice counts once); the third (an unknown
            // field) is refused, every field denied, and counts as no query
            assertThat(sharing.query(county, PERSON, List.of("name", "birthDate", "gridCode")).body().path("fields")
                    .size()).isEqualTo(3);
            sharing.query(county, PERSON, List.of("name", "birthDate", "birthDate"));
            sharing.query(county, PERSON, List.of("monthlyIncome"));
            // township: no agreement, every field denied: refused, so no query and nothing supplied
            sharing.query(township, PERSON, List.of("name"));

            JsonNode all = burden(sharing, admin, "");
            assertThat(figures(row(all, COUNTY))).containsExactly(2L, 440L, 2L, 5L);
            assertThat(figures(row(all, TOWNSHIP))).containsExactly(1L, 7L, 0L, 0L);
            assertThat(row(all, COUNTY).path("level").asString()).isEqualTo("COUNTY");
            assertThat(row(all, COUNTY).path("region").asString()).isEqualTo("321084");
            assertThat(row(all, COUNTY).path("month").asString()).isEqualTo(month);
            assertThat(figures(all.path("totals"))).containsExactly(3L, 447L, 2L, 5L);
        }

        try (var sharing = started("burden-restart")) {
            JsonNode afterRestart = burden(sharing, admin, "");
            assertThat(figures(afterRestart.path("totals"))).containsExactly(3L, 447L, 2L, 5L);

            check(sharing, township, 10, "姓名", "出生日期");
            sharing.query(county, PERSON, List.of("gridCode"));

            assertThat(figures(burden(sharing, admin, "?level=TOWNSHIP").path("totals")))
                    .containsExactly(2L, 27L, 0L, 0L);
            assertThat(figures(burden(sharing, admin, "?consumer=" + COUNTY + "&from=" + month + "&to=" + month)
                    .path("totals"))).containsExactly(2L, 440L, 3L, 6L);
            assertThat(figures(burden(sharing, admin, "?region=321084").path("totals")))
                    .containsExactly(2L, 440L, 3L, 6L);
        }
    }

    @Test
    void shouldCountEachEventInTheMonthOfShanghaiAndFilterByMonth() {
        try (var client = MongoClients.create(infrastructure.mongoUri())) {
            var store = new ReactiveMongoTemplate(client, "burden-months");
            // 2026-01-31T16:30Z is already 1 February in Shanghai
            store.insert(new CheckRecord("check-february", Instant.parse("2026-01-31T16:30:00Z"),
                    "yangzhou.civil-affairs", "MUNICIPAL", "321000", "yangzhou.civil-affairs", "PERSON", "X_Y", 3,
                    List.of("a"), List.of("a"), List.of(), 3)).block();
            store.insert(new CheckRecord("check-january", Instant.parse("2026-01-31T15:30:00Z"),
                    "yangzhou.civil-affairs", "MUNICIPAL", "321000", "yangzhou.civil-affairs", "PERSON", "X_Y", 5,
                    List.of("a"), List.of("a"), List.of(), 5)).block();
        }

        try (var sharing = started("burden-months")) {
            JsonNode report = burden(sharing, admin, "?consumer=yangzhou.civil-affairs");
            assertThat(report.path("rows")).hasSize(2);
            assertThat(report.at("/rows/0/month").asString()).isEqualTo("2026-01");
            assertThat(report.at("/rows/0/fieldsSaved").asLong()).isEqualTo(5);
            assertThat(report.at("/rows/1/month").asString()).isEqualTo("2026-02");
            assertThat(figures(burden(sharing, admin, "?consumer=yangzhou.civil-affairs&from=2026-02&to=2026-02")
                    .path("totals"))).containsExactly(1L, 3L, 0L, 0L);
            assertThat(burden(sharing, admin, "?consumer=yangzhou.civil-affairs&to=2026-01").path("rows")).hasSize(1);
        }
    }

    @Test
    void shouldShowADepartmentOnlyItsOwnFiguresAndRefuseBadParameters() {
        try (var sharing = started("burden-access")) {
            check(sharing, township, 2, "姓名");

            JsonNode own = burden(sharing, township, "");
            assertThat(own.path("consumer").asString()).isEqualTo(TOWNSHIP);
            own.path("rows").forEach(r -> assertThat(r.path("consumer").asString()).isEqualTo(TOWNSHIP));

            expectProblem(sharing.get(township, "/api/v1/metrics/burden?consumer=" + COUNTY), 403, "NOT_OWN_DEPARTMENT");
            expectProblem(sharing.get(admin, "/api/v1/metrics/burden?from=2026-13"), 400, "VALIDATION_FAILED");
            expectProblem(sharing.get(admin, "/api/v1/metrics/burden?from=2026-05&to=2026-04"), 400, "VALIDATION_FAILED");
            expectProblem(sharing.get(admin, "/api/v1/metrics/burden?level=GALAXY"), 400, "VALIDATION_FAILED");
            expectProblem(sharing.get(null, "/api/v1/metrics/burden"), 401, "UNAUTHENTICATED");
            String auditor = TOKENS.department(null, null, null, Roles.AUDIT_READ);
            expectProblem(sharing.get(auditor, "/api/v1/metrics/burden"), 403, "FORBIDDEN");

            expectProblem(sharing.post(null, "/api/v1/collection-checks", Map.of()), 401, "UNAUTHENTICATED");
            expectProblem(sharing.post(admin, "/api/v1/collection-checks", Map.of("subjectType", "PERSON",
                    "fields", List.of("姓名"), "subjects", 1, "purpose", "X_Y")), 403, "FORBIDDEN");
            expectProblem(sharing.post(county, "/api/v1/collection-checks", Map.of("subjectType", "PLANET",
                    "fields", List.of(), "subjects", 0, "purpose", "lower case")), 400, "VALIDATION_FAILED");
        }
    }

    static void expectProblem(RunningSharingService.Response response, int status, String code) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.body().path("code").asString()).isEqualTo(code);
    }
}
