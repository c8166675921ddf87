package hub.citybrain.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Request bodies for the registry API, valid by default; tests change only what they are about. Names are made
 * unique per call because the application context (and its database) is shared by all tests.
 */
final class RegistryMother {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private RegistryMother() {
    }

    /** A lower-case, dot-free suffix that is also valid inside a camelCase field name. */
    static String unique() {
        return "u" + System.nanoTime() % 100000 + "x" + SEQUENCE.incrementAndGet();
    }

    static Body department(String code) {
        return new Body()
                .with("code", code)
                .with("name", Map.of("zh", "部门 " + code, "en", "Department " + code))
                .with("level", "COUNTY")
                .with("region", "321084")
                .with("kind", "BOTH");
    }

    static ResourceBody resource(String id, String holder) {
        return new ResourceBody(id, holder);
    }

    static Body agreement(String id, String consumer, String resourceId, String... fields) {
        Instant now = Instant.now();
        return new Body()
                .with("id", id)
                .with("consumer", consumer)
                .with("resourceId", resourceId)
                .with("fields", List.of(fields))
                .with("purpose", Map.of("code", "SOCIAL_ASSISTANCE", "text", "最低生活保障资格审核"))
                .with("legalBasis", "《社会救助暂行办法》第十一条")
                .with("validFrom", now.minus(Duration.ofDays(1)).toString())
                .with("validUntil", now.plus(Duration.ofDays(365)).toString())
                .with("dailyQuota", 1000);
    }

    /** A JSON object body as a map: {@code with} adds or replaces a member, {@code without} drops it. */
    static class Body {
        final Map<String, Object> members = new LinkedHashMap<>();

        Body with(String name, Object value) {
            members.put(name, value);
            return this;
        }

        Body without(String name) {
            members.remove(name);
            return this;
        }

        Map<String, Object> json() {
            return members;
        }
    }

    static final class ResourceBody extends Body {
        private final List<Map<String, Object>> fields = new ArrayList<>();
        private final Map<String, String> mapping = new LinkedHashMap<>();

        ResourceBody(String id, String holder) {
            with("id", id);
            with("title", Map.of("zh", "资源 " + id, "en", "Resource " + id));
            with("holder", holder);
            with("subjectType", "PERSON");
            with("subjectKey", "idNumber");
            with("updateCycle", "P1D");
        }

        /** A conditionally shared, non-authoritative field mapped to {@code /<name>}. */
        ResourceBody field(String name) {
            return field(name, "CONDITIONAL", false);
        }

        ResourceBody authoritativeField(String name) {
            return field(name, "CONDITIONAL", true);
        }

        ResourceBody notSharedField(String name) {
            return field(name, "NOT_SHARED", false);
        }

        ResourceBody field(String name, String sharing, boolean authoritative) {
            Map<String, Object> field = new LinkedHashMap<>();
            field.put("name", name);
            field.put("type", "string");
            field.put("description", "the " + name);
            field.put("sensitivity", "L2");
            field.put("sharing", sharing);
            field.put("authoritative", authoritative);
            fields.add(field);
            mapping.put(name, "/" + name);
            return this;
        }

        /** Gives the last field added the labels a form may use for it. */
        ResourceBody aliases(String... aliases) {
            fields.get(fields.size() - 1).put("aliases", List.of(aliases));
            return this;
        }

        @Override
        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>(members);
            json.putIfAbsent("fields", fields);
            json.putIfAbsent("connector", Map.of("baseUrl", "http://127.0.0.1:9101", "pathTemplate",
                    "/people/{subjectKey}", "timeoutMs", 800, "mapping", mapping));
            return json;
        }
    }
}
