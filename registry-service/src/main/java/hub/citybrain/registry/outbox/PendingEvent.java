package hub.citybrain.registry.outbox;

import java.time.Instant;

/**
 * An event waiting to be published, stored inside the aggregate document it describes. The state change and
 * its event are written by one single-document update, so neither exists without the other, without needing
 * multi-document transactions.
 */
public record PendingEvent(String eventId, String topic, String key, String type, String payload,
        Instant occurredAt) {
}
