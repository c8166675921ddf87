package hub.citybrain.events;

import java.time.Instant;
import java.util.List;

/**
 * A query was answered, or an attempt (a query, a batch line, a collection check) was refused. The subject key never
 * travels in clear: only its keyed hash (HMAC-SHA256), which the audit store can search by.
 */
public record AccessRecorded(String eventId, String type, Instant occurredAt, Access access) {

    public static final String TYPE = "citybrain.sharing.access-recorded.v1";

    public static AccessRecorded of(String eventId, Instant occurredAt, Access access) {
        return new AccessRecorded(eventId, TYPE, occurredAt, access);
    }

    public record Access(String queryId, Instant answeredAt, String consumer, String consumerLevel,
            String consumerRegion, String clientId, String callerSubject, String subjectType, String subjectKeyHash,
            String purpose, List<String> fieldsAsked, List<String> fieldsGiven, List<Denial> denied,
            List<Unavailability> unavailable, List<String> agreementIds, String outcome, String refusalReason,
            String operation) {

        /** A refused attempt: nothing was answered; {@code refusalReason} says why. */
        public static final String REFUSED = "REFUSED";
        /** {@code operation} of a query or a batch line (also what an event without the member was). */
        public static final String QUERY = "QUERY";
        /** {@code operation} of a collection check; it names no subject, so {@code subjectKeyHash} is null. */
        public static final String COLLECTION_CHECK = "COLLECTION_CHECK";
    }

    /*
     * refusalReason and operation came later: events written before them have neither, and read with null in both
     * (a record's missing creator property is null in Jackson). A null operation is a QUERY.
     */

    public record Denial(String field, String reason) {
    }

    public record Unavailability(String field, String source, String reason) {
    }
}
