package hub.citybrain.events;

import java.time.Instant;
import java.util.List;

/**
 * A query was answered. The subject key never travels in clear: only its keyed hash (HMAC-SHA256), which the
 * audit store can search by.
 */
public record AccessRecorded(String eventId, String type, Instant occurredAt, Access access) {

    public static final String TYPE = "citybrain.sharing.access-recorded.v1";

    public static AccessRecorded of(String eventId, Instant occurredAt, Access access) {
        return new AccessRecorded(eventId, TYPE, occurredAt, access);
    }

    public record Access(String queryId, Instant answeredAt, String consumer, String consumerLevel,
            String consumerRegion, String clientId, String callerSubject, String subjectType, String subjectKeyHash,
            String purpose, List<String> fieldsAsked, List<String> fieldsGiven, List<Denial> denied,
            List<Unavailability> unavailable, List<String> agreementIds, String outcome) {
    }

    public record Denial(String field, String reason) {
    }

    public record Unavailability(String field, String source, String reason) {
    }
}
