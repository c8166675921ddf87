package hub.citybrain.events;

import java.time.Instant;

/**
 * A source system announces that what it holds about one subject changed, on {@code citybrain.sources.changes},
 * keyed by {@code subjectType + ":" + subjectKey}. The hub forgets the facts it cached from that source about that
 * subject, so the next query asks the source again. {@code resourceId} names the catalog resource whose source
 * changed; when null, every cached fact about the subject is forgotten.
 *
 * <p>The subject key travels in clear on this internal topic because the source knows nothing else to name the
 * subject by; the hub never stores it: it keeps only the keyed hash.
 */
public record SubjectChanged(String eventId, String type, Instant occurredAt, String resourceId, String subjectType,
        String subjectKey) {

    public static final String TYPE = "citybrain.sources.subject-changed.v1";

    public static SubjectChanged of(String eventId, Instant occurredAt, String resourceId, String subjectType,
            String subjectKey) {
        return new SubjectChanged(eventId, TYPE, occurredAt, resourceId, subjectType, subjectKey);
    }
}
