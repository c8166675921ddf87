package hub.citybrain.sharing.audit;

import java.time.Instant;
import java.util.Date;
import java.util.Map;

import org.bson.Document;

/**
 * One fact to append to the audit log, before it has a place in the chain.
 *
 * @param id the de-duplication key and {@code _id}: {@code access/<queryId>} for an answered query, so that every
 *        query id appears once however often Kafka delivers it; {@code event/<eventId>} for a registry change
 * @param kind what happened
 * @param payloadField where the event's payload is kept ({@code access}, {@code agreement}, {@code department})
 * @param payload the payload as plain maps, lists and strings (instants as ISO-8601 text, exact to the nanosecond)
 */
record AuditEntry(String id, Kind kind, String eventId, String eventType, Instant occurredAt, String payloadField,
        Map<String, Object> payload) {

    /** Field names of a stored entry; the search API and the indexes depend on them. */
    static final String SEQ = "seq";
    static final String KIND = "kind";
    static final String OCCURRED_AT = "occurredAt";
    static final String RECORDED_AT = "recordedAt";
    static final String PREV_HASH = "prevHash";

    enum Kind {
        ACCESS, AGREEMENT, DEPARTMENT
    }

    static String accessId(String queryId) {
        return "access/" + queryId;
    }

    static String eventKey(String eventId) {
        return "event/" + eventId;
    }

    /** The stored document: this entry as link {@code seq} after {@code prevHash}, sealed with its own hash. */
    Document link(long seq, String prevHash, Instant recordedAt) {
        Document doc = new Document("_id", id)
                .append(SEQ, seq)
                .append(KIND, kind.name())
                .append("eventId", eventId)
                .append("eventType", eventType)
                .append(OCCURRED_AT, Date.from(occurredAt))
                .append(RECORDED_AT, Date.from(recordedAt))
                .append(payloadField, new Document(payload))
                .append(PREV_HASH, prevHash);
        return doc.append(ChainHash.HASH_FIELD, ChainHash.of(doc));
    }
}
