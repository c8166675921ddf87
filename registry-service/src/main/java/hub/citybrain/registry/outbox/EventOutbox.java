package hub.citybrain.registry.outbox;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an event record into a {@link PendingEvent} to store beside the state it describes, and wakes the relay once
 * that state is stored.
 */
@Component
public class EventOutbox {

    private final JsonMapper json;
    private final OutboxRelay relay;

    EventOutbox(JsonMapper json, OutboxRelay relay) {
        this.json = json;
        this.relay = relay;
    }

    public <E> PendingEvent pending(String topic, String key, String type, Function<EventStamp, E> event) {
        EventStamp stamp = new EventStamp(UUID.randomUUID().toString(), Instant.now());
        return new PendingEvent(stamp.eventId(), topic, key, type, json.writeValueAsString(event.apply(stamp)),
                stamp.occurredAt());
    }

    /**
     * The write that stores a document with its pending events: once it stored one, the relay publishes it now
     * rather than at its next sweep. Waking earlier (when the event is made) would find nothing to publish yet; an
     * empty write (a conditional update that lost) wakes nothing.
     */
    public <T> Mono<T> stored(Mono<T> write) {
        return write.doOnNext(saved -> relay.wake());
    }

    public record EventStamp(String eventId, Instant occurredAt) {
    }
}
