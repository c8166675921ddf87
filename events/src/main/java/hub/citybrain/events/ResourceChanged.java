package hub.citybrain.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A catalog resource was created or changed; carries its full new state, source connector included. */
public record ResourceChanged(String eventId, String type, Instant occurredAt, Resource resource) {

    public static final String TYPE = "citybrain.registry.resource-changed.v1";

    public static ResourceChanged of(String eventId, Instant occurredAt, Resource resource) {
        return new ResourceChanged(eventId, TYPE, occurredAt, resource);
    }

    public record Resource(String id, String titleZh, String titleEn, String holder, String holderLevel,
            String subjectType, String subjectKey, String updateCycle, List<Field> fields, Connector connector,
            long version) {
    }

    /**
     * {@code aliases} are the labels a form may use for this field (Chinese and English, e.g. 出生日期, date of
     * birth), so that a planned collection can be matched to what the catalog already holds. Never null: an
     * event published before aliases existed reads as none.
     */
    public record Field(String name, String type, String description, String sensitivity, String sharing,
            boolean authoritative, List<String> aliases) {

        public Field {
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
        }
    }

    /** How the hub reaches the source: {@code {subjectKey}} in the path template, JSON Pointers in the mapping. */
    public record Connector(String baseUrl, String pathTemplate, int timeoutMs, Map<String, String> mapping) {
    }
}
