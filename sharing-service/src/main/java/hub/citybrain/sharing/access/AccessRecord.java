package hub.citybrain.sharing.access;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import hub.citybrain.events.AccessRecorded;

/**
 * Storage document of one query, answered or refused. It is written before the answer (or the refusal) leaves the
 * service, and it is its
 * own outbox entry: {@code publishedAt} stays null until Kafka acknowledged the record. {@code traceparent} is the
 * W3C trace context of the query (null without tracing), published as a Kafka header.
 */
@Document("access_records")
record AccessRecord(@Id String queryId, AccessRecorded.Access access, String eventId, Instant publishedAt,
        String traceparent) {
}
