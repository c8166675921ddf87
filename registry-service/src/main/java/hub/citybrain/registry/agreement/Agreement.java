package hub.citybrain.registry.agreement;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import hub.citybrain.registry.outbox.PendingEvent;

/**
 * Storage document of a data-sharing agreement (共享协议); never returned over HTTP. {@code version} grows by one
 * with every change and is the condition of every update, so concurrent changes cannot both win.
 */
@Document("agreements")
record Agreement(@Id String id, String consumer, String resourceId, String provider, List<String> fields,
        String purposeCode, String purposeText, String legalBasis, Instant validFrom, Instant validUntil,
        int dailyQuota, String status, long version, Instant replyBy, List<Transition> history, Instant createdAt,
        List<PendingEvent> pendingEvents) {

    /** Every status change, with who made it, when and why. */
    record Transition(String from, String to, Instant at, String by, String byDepartment, String reason) {
    }
}
