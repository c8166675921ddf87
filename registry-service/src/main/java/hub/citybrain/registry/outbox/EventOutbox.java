package hub.citybrain.registry.outbox;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/** Turns an event record into a {@link PendingEvent} to store beside the state it describes. */
@Component
public class EventOutbox {

    private final JsonMapper json;

    EventOutbox(JsonMapper json) {
        this.json = json;
    }

    public <E> PendingEvent pending(String topic, String key, String type, Function<EventStamp, E> event) {
        EventStamp stamp = new EventStamp(UUID.randomUUID().toString(), Instant.now());
        return new PendingEvent(stamp.eventId(), topic, key, type, json.writeValueAsString(event.apply(stamp)),
                stamp.occurredAt());
    }

    public record EventStamp(String eventId, Instant occurredAt) {
    }
}
