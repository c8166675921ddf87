package hub.citybrain.devstack.sources;

import static org.assertj.core.api.Assertions.assertThat;

import hub.citybrain.devstack.world.DemoWorld;
import hub.citybrain.devstack.world.Enterprise;
import hub.citybrain.devstack.world.Person;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SourceSystemsTest {

    private static final DemoWorld WORLD = DemoWorld.generate();
    private static SourceSystems sources;

    @BeforeAll
    static void start() {
        sources = SourceSystems.start("127.0.0.1", 0, WORLD);
    }

    @AfterAll
    static void stop() {
        sources.close();
    }

    private static String url(String source, String path) {
        return sources.baseUrl(source) + path;
    }

    @Test
    void shouldKeepTheFixedNamesOffsetsAndDepartments() {
        assertThat(SourceSystems.layout("127.0.0.1", 8301)).extracting(SourceSystem::name, SourceSystem::port,
                SourceSystem::level, SourceSystem::departmentCode).containsExactly(
                org.assertj.core.groups.Tuple.tuple("national-population", 8301, "NATIONAL", "national.population-registry"),
                org.assertj.core.groups.Tuple.tuple("jiangsu-market-regulation", 8302, "PROVINCIAL", "jiangsu.market-regulation"),
                org.assertj.core.groups.Tuple.tuple("yangzhou-civil-affairs", 8303, "MUNICIPAL", "yangzhou.civil-affairs"),
                org.assertj.core.groups.Tuple.tuple("yangzhou-disabled-persons-federation", 8304, "MUNICIPAL", "yangzhou.disabled-persons-federation"),
                org.assertj.core.groups.Tuple.tuple("gaoyou-organisation", 8305, "COUNTY", "gaoyou.organisation"),
                org.assertj.core.groups.Tuple.tuple("gaoyou-emergency-management", 8306, "COUNTY", "gaoyou.emergency-management"),
                org.assertj.core.groups.Tuple.tuple("township-grid-office", 8307, "TOWNSHIP", "chelu.grid-office"));
        assertThat(SourceSystems.layout("127.0.0.1", 8301).get(0).baseUrl()).isEqualTo("http://127.0.0.1:8301");
        assertThat(sources.systems()).extracting(SourceSystem::offset).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(sources.systems()).extracting(SourceSystem::name).isEqualTo(SourceSystems.names());
    }

    @Test
    void shouldServeEveryPersonUnderTheSameIdNumberInEverySourceThatHoldsThem() {
        for (Person p : WORLD.persons()) {
            String id = p.idNumber();
            Http.Reply population = Http.get(url("national-population", "/api/persons/" + id));
            assertThat(population.status()).isEqualTo(200);
            assertThat(population.contentType()).isEqualTo("application/json;charset=UTF-8");
            assertThat(population.body().get("gmsfhm").asText()).isEqualTo(id);
            assertThat(population.body().get("xm").asText()).isEqualTo(p.name());
            assertThat(population.body().get("xb").asText()).isEqualTo(p.gender().zh());
            assertThat(population.body().get("csrq").asText()).isEqualTo(p.birthDate().toString());

            Http.Reply civil = Http.get(url("yangzhou-civil-affairs", "/v1/residents/" + id));
            assertThat(civil.status()).isEqualTo(200);
            assertThat(civil.body().at("/resident/idNo").asText()).isEqualTo(id);
            assertThat(civil.body().at("/resident/marriage/status").asText()).isEqualTo(p.maritalStatus().zh());
            assertThat(civil.body().at("/assistance/dibao/enrolled").asBoolean())
                    .isEqualTo(WORLD.householdOf(p).subsistence() != null);

            Http.Reply card = Http.get(url("yangzhou-disabled-persons-federation", "/cards?idNumber=" + id));
            assertThat(card.status()).isEqualTo(p.isDisabled() ? 200 : 404);
            if (p.isDisabled()) {
                assertThat(card.body().at("/data/idNumber").asText()).isEqualTo(id);
                assertThat(card.body().at("/data/cardNo").asText()).startsWith(id);
            }

            Http.Reply party = Http.get(url("gaoyou-organisation", "/party/members/" + id));
            assertThat(party.status()).isEqualTo(p.isPartyMember() ? 200 : 404);
            if (p.isPartyMember()) {
                assertThat(party.body().get("idNumber").asText()).isEqualTo(id);
                assertThat(party.body().get("member").asBoolean()).isTrue();
            }

            Http.Reply grid = Http.get(url("township-grid-office", "/grid/persons/" + id));
            assertThat(grid.status()).isEqualTo(200);
            assertThat(grid.body().get("sfzh").asText()).isEqualTo(id);
            assertThat(grid.body().get("hhid").asText()).isEqualTo(p.householdId());
            assertThat(grid.body().get("hhrs").asInt()).isEqualTo(WORLD.householdOf(p).size());
        }
    }

    @Test
    void shouldServeEveryEnterpriseWithALegalRepresentativeKnownToThePopulationRegistry() {
        for (Enterprise e : WORLD.enterprises()) {
            Http.Reply registration = Http.get(url("jiangsu-market-regulation", "/enterprises/" + e.uscc()));
            assertThat(registration.status()).isEqualTo(200);
            assertThat(registration.body().get("tyshxydm").asText()).isEqualTo(e.uscc());
            assertThat(registration.body().get("djzt").asText()).isEqualTo("存续");
            String representative = registration.body().get("fddbrSfzh").asText();
            Http.Reply person = Http.get(url("national-population", "/api/persons/" + representative));
            assertThat(person.body().get("xm").asText()).isEqualTo(registration.body().get("fddbr").asText());

            Http.Reply inspection = Http.get(url("gaoyou-emergency-management", "/inspections/enterprises/" + e.uscc()));
            assertThat(inspection.status()).isEqualTo(200);
            assertThat(inspection.body().at("/lastInspection/date").asText())
                    .isEqualTo(e.lastInspection().date().toString());
            assertThat(inspection.body().at("/lastInspection/result").asText()).isIn("PASSED", "RECTIFY", "FAILED");
            assertThat(inspection.body().at("/lastInspection/hazards").isArray()).isTrue();
        }
    }

    @Test
    void shouldServeTheShowcasePersonFromAllFivePersonSources() {
        String id = WORLD.showcasePerson().idNumber();
        List<String> urls = List.of(
                url("national-population", "/api/persons/" + id),
                url("yangzhou-civil-affairs", "/v1/residents/" + id),
                url("yangzhou-disabled-persons-federation", "/cards?idNumber=" + id),
                url("gaoyou-organisation", "/party/members/" + id),
                url("township-grid-office", "/grid/persons/" + id));
        for (String u : urls) {
            assertThat(Http.get(u).status()).as(u).isEqualTo(200);
        }
        assertThat(Http.get(urls.get(0)).body().get("xm").asText()).isEqualTo("王建国");
        assertThat(Http.get(urls.get(1)).body().at("/assistance/dibao/monthlyAmountYuan").asInt()).isEqualTo(780);
        assertThat(Http.get(urls.get(2)).body().at("/data/category").asText()).isEqualTo("肢体");
        assertThat(Http.get(urls.get(3)).body().get("branch").asText()).isEqualTo("车逻镇八桥村党支部");
    }

    @Test
    void shouldAnswer404WithAJsonBodyForAnUnknownSubject() {
        String unknownPerson = "110105194912310021";
        String unknownEnterprise = "91350100M000100Y43";
        List<String> urls = List.of(
                url("national-population", "/api/persons/" + unknownPerson),
                url("jiangsu-market-regulation", "/enterprises/" + unknownEnterprise),
                url("yangzhou-civil-affairs", "/v1/residents/" + unknownPerson),
                url("yangzhou-disabled-persons-federation", "/cards?idNumber=" + unknownPerson),
                url("gaoyou-organisation", "/party/members/" + unknownPerson),
                url("gaoyou-emergency-management", "/inspections/enterprises/" + unknownEnterprise),
                url("township-grid-office", "/grid/persons/" + unknownPerson),
                url("national-population", "/no/such/endpoint"));
        for (String u : urls) {
            Http.Reply reply = Http.get(u);
            assertThat(reply.status()).as(u).isEqualTo(404);
            assertThat(reply.contentType()).as(u).isEqualTo("application/json;charset=UTF-8");
            assertThat(reply.body().isObject()).as(u).isTrue();
        }
        assertThat(Http.get(url("yangzhou-disabled-persons-federation", "/cards")).status()).isEqualTo(400);
    }

    @Test
    void shouldLetAHigherPriorityStubAddedThroughTheAdminApiWinOverTheWorld() {
        Person slow = WORLD.persons().get(5);
        Person other = WORLD.persons().get(6);
        String stub = """
                {"priority": 1,
                 "request": {"method": "GET", "urlPath": "/api/persons/%s"},
                 "response": {"status": 200, "fixedDelayMilliseconds": 600,
                              "headers": {"Content-Type": "application/json;charset=UTF-8"},
                              "jsonBody": {"gmsfhm": "%s", "xm": "慢响应"}}}
                """.formatted(slow.idNumber(), slow.idNumber());
        Http.Reply created = Http.post(url("national-population", "/__admin/mappings"), stub);
        assertThat(created.status()).isEqualTo(201);
        try {
            long started = System.nanoTime();
            Http.Reply reply = Http.get(url("national-population", "/api/persons/" + slow.idNumber()));
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;

            assertThat(reply.body().get("xm").asText()).isEqualTo("慢响应");
            assertThat(elapsedMs).isGreaterThanOrEqualTo(600);
            assertThat(Http.get(url("national-population", "/api/persons/" + other.idNumber())).body().get("xm").asText())
                    .isEqualTo(other.name());
        } finally {
            sources.server("national-population").removeStubMapping(
                    java.util.UUID.fromString(created.body().get("id").asText()));
        }
        assertThat(Http.get(url("national-population", "/api/persons/" + slow.idNumber())).body().get("xm").asText())
                .isEqualTo(slow.name());
    }

    @Test
    void shouldStillServeTheWorldAfterAnAdminReset() {
        Enterprise e = WORLD.enterprises().get(3);
        String path = "/inspections/enterprises/" + e.uscc();

        assertThat(Http.post(url("gaoyou-emergency-management", "/__admin/reset"), "").status()).isEqualTo(200);

        assertThat(Http.get(url("gaoyou-emergency-management", path)).status()).isEqualTo(200);
    }
}
