package hub.citybrain.devstack.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hub.citybrain.devstack.world.DemoWorld;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo catalog and agreements fit the running sources: every mapping pointer finds a value. */
class CatalogAgainstSourcesTest {

    private static final Pattern SOURCE = Pattern.compile("\\$\\{source:([a-z0-9-]+)}");
    private static final Set<String> TYPES = Set.of("STRING", "DATE", "BOOLEAN", "NUMBER", "STRING_LIST");
    private static final Set<String> SENSITIVITIES = Set.of("PUBLIC", "INTERNAL", "PERSONAL", "SENSITIVE");
    private static final Set<String> SHARING = Set.of("UNCONDITIONAL", "CONDITIONAL", "NOT_SHARED");

    private static final DemoWorld WORLD = DemoWorld.generate();
    private static SourceSystems sources;
    private static JsonNode catalog;
    private static JsonNode agreements;

    @BeforeAll
    static void start() throws IOException {
        sources = SourceSystems.start("127.0.0.1", 0, WORLD);
        catalog = read("demo/catalog.json");
        agreements = read("demo/agreements.json");
    }

    @AfterAll
    static void stop() {
        sources.close();
    }

    @Test
    void shouldResolveEveryMappingPointerForTheShowcaseSubjects() {
        assertThat(catalog.size()).isEqualTo(7);
        for (JsonNode resource : catalog) {
            JsonNode connector = resource.get("connector");
            Matcher m = SOURCE.matcher(connector.get("baseUrl").asText());
            assertThat(m.matches()).as(resource.get("id").asText()).isTrue();
            String subject = resource.get("subjectType").asText().equals("ENTERPRISE")
                    ? WORLD.showcaseEnterprise().uscc() : WORLD.showcasePerson().idNumber();
            String url = sources.baseUrl(m.group(1)) + connector.get("pathTemplate").asText().replace("{subjectKey}", subject);

            Http.Reply reply = Http.get(url);

            assertThat(reply.status()).as(url).isEqualTo(200);
            Set<String> fieldNames = new HashSet<>();
            resource.get("fields").forEach(f -> fieldNames.add(f.get("name").asText()));
            assertThat(iterable(connector.get("mapping").fieldNames())).containsExactlyInAnyOrderElementsOf(fieldNames);
            connector.get("mapping").fields().forEachRemaining(entry -> {
                JsonNode value = reply.body().at(entry.getValue().asText());
                assertThat(value.isMissingNode() || value.isNull()).as(url + " " + entry).isFalse();
            });
        }
    }

    @Test
    void shouldDescribeResourcesInTheRegistryRequestFormat() {
        Map<String, String> authoritative = new HashMap<>();
        for (JsonNode resource : catalog) {
            String id = resource.get("id").asText();
            assertThat(id).startsWith("res-");
            assertThat(resource.at("/title/zh").asText()).isNotBlank();
            assertThat(resource.at("/title/en").asText()).isNotBlank();
            assertThat(resource.get("subjectKey").asText()).isIn("ID_NUMBER", "USCC");
            Duration.parse(resource.get("updateCycle").asText());
            assertThat(resource.at("/connector/timeoutMs").asInt()).isPositive();
            assertThat(sources.systems().stream().map(SourceSystem::departmentCode))
                    .contains(resource.get("holder").asText());
            for (JsonNode field : resource.get("fields")) {
                assertThat(field.get("type").asText()).isIn(TYPES);
                assertThat(field.get("sensitivity").asText()).isIn(SENSITIVITIES);
                assertThat(field.get("sharing").asText()).isIn(SHARING);
                assertThat(field.get("description").asText()).contains(" / ");
                if (field.get("authoritative").asBoolean()) {
                    String key = resource.get("subjectType").asText() + "." + field.get("name").asText();
                    assertThat(authoritative.put(key, id)).as("second authoritative source for " + key).isNull();
                }
            }
        }
    }

    @Test
    void shouldGrantOnlySharableFieldsOfExistingResources() {
        Map<String, Map<String, String>> sharing = new HashMap<>();
        for (JsonNode resource : catalog) {
            Map<String, String> fields = new HashMap<>();
            resource.get("fields").forEach(f -> fields.put(f.get("name").asText(), f.get("sharing").asText()));
            sharing.put(resource.get("id").asText(), fields);
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode agreement : agreements) {
            assertThat(ids.add(agreement.get("id").asText())).isTrue();
            Map<String, String> fields = sharing.get(agreement.get("resourceId").asText());
            assertThat(fields).as(agreement.get("id").asText()).isNotNull();
            agreement.get("fields").forEach(f -> assertThat(fields.get(f.asText())).isIn("UNCONDITIONAL", "CONDITIONAL"));
            assertThat(agreement.at("/purpose/code").asText()).isNotBlank();
            assertThat(agreement.get("legalBasis").asText()).isNotBlank();
            assertThat(agreement.get("dailyQuota").asInt()).isPositive();
            String from = agreement.get("validFrom").asText();
            String until = agreement.get("validUntil").asText();
            if (!from.startsWith("${") && !until.startsWith("${")) {
                assertThat(from).isLessThan(until);
            }
        }
        // Gaoyou civil affairs has no agreement in force on party membership (its request is still awaiting the
        // provider's reply): its query for partyMember is denied.
        for (JsonNode agreement : agreements) {
            if (agreement.get("consumer").asText().equals("gaoyou.civil-affairs")
                    && agreement.get("resourceId").asText().equals("res-gaoyou-organisation-party-member")) {
                assertThat(agreement.path("then").findValuesAsText("action")).doesNotContain("approve");
            }
        }
    }

    private static Iterable<String> iterable(Iterator<String> iterator) {
        return () -> iterator;
    }

    private static JsonNode read(String resource) throws IOException {
        try (InputStream in = CatalogAgainstSourcesTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }
}
