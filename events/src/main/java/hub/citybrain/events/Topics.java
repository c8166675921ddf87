package hub.citybrain.events;

import java.util.Map;

/** Kafka topic names. Explicit and stable: consumers in other services and other languages rely on them. */
public final class Topics {

    /** Full state of every agreement after each change; compacted, keyed by agreement id. */
    public static final String REGISTRY_AGREEMENTS = "citybrain.registry.agreements";
    /** Full state of every catalog resource after each change; compacted, keyed by resource id. */
    public static final String REGISTRY_RESOURCES = "citybrain.registry.resources";
    /** Full state of every department after each change; compacted, keyed by department code. */
    public static final String REGISTRY_DEPARTMENTS = "citybrain.registry.departments";
    /** One record per answered query, keyed by query id. */
    public static final String SHARING_ACCESS = "citybrain.sharing.access";
    /**
     * Signed checkpoints of the audit log's head, one record per checkpoint, keyed by its sequence number. Kept
     * forever: it is the outside anchor that a truncated or re-sealed audit log is checked against.
     */
    public static final String AUDIT_CHECKPOINTS = "citybrain.audit.checkpoints";
    /** A source system announces that a subject's data changed. */
    public static final String SOURCES_CHANGES = "citybrain.sources.changes";

    /** How each topic is created: {@link #REGISTRY_AGREEMENTS} and the other full-state topics are compacted. */
    public static TopicSpec spec(String topic) {
        return switch (topic) {
            case REGISTRY_AGREEMENTS, REGISTRY_RESOURCES, REGISTRY_DEPARTMENTS -> new TopicSpec(topic, true, Map.of());
            case SHARING_ACCESS, SOURCES_CHANGES -> new TopicSpec(topic, false, Map.of());
            // the outside anchor of the audit log: kept forever
            case AUDIT_CHECKPOINTS -> new TopicSpec(topic, false, Map.of("retention.ms", "-1"));
            default -> throw new IllegalArgumentException("No topic " + topic);
        };
    }

    /** Record header carrying the event type string (never a Java class name). */
    public static final String TYPE_HEADER = "citybrain-event-type";

    private Topics() {
    }
}
