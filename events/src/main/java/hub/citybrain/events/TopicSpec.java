package hub.citybrain.events;

import java.util.Map;

/**
 * How a topic is created where it is missing, the same whichever service creates it first (start order does not
 * matter): one partition, so that order per key and the checkpoints' signing order hold; compacted where it holds
 * full state per key; and any other topic settings.
 */
public record TopicSpec(String name, boolean compacted, Map<String, String> config) {

    public TopicSpec {
        config = Map.copyOf(config);
    }
}
