package hub.citybrain.registry.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import hub.citybrain.registry.outbox.PendingEvent;

/** Storage document of a catalog resource; never returned over HTTP. */
@Document("resources")
record Resource(@Id String id, String titleZh, String titleEn, String holder, String holderLevel,
        String subjectType, String subjectKey, String updateCycle, List<Field> fields, Connector connector,
        long version, Instant createdAt, String createdBy, Instant updatedAt, String updatedBy,
        List<PendingEvent> pendingEvents) {

    /** {@code aliases} is null in documents stored before aliases existed. */
    record Field(String name, String type, String description, String sensitivity, String sharing,
            boolean authoritative, List<String> aliases) {
    }

    record Connector(String baseUrl, String pathTemplate, int timeoutMs, Map<String, String> mapping) {
    }
}
