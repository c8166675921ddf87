package hub.citybrain.registry.department;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import hub.citybrain.registry.outbox.PendingEvent;

/** Storage document of a department; never returned over HTTP. */
@Document("departments")
record Department(@Id String code, String nameZh, String nameEn, String level, String region, String kind,
        String status, long version, Instant createdAt, String createdBy, List<PendingEvent> pendingEvents) {
}
