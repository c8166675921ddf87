package hub.citybrain.registry.department;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import hub.citybrain.registry.outbox.PendingEvent;

/**
 * Storage document of a department; never returned over HTTP. {@code credentialRotations} is the audit trail of
 * its client secret's rotations (who and when; never the secret).
 */
@Document("departments")
record Department(@Id String code, String nameZh, String nameEn, String level, String region, String kind,
        String status, long version, Instant createdAt, String createdBy, List<PendingEvent> pendingEvents,
        List<CredentialRotation> credentialRotations) {

    /** {@code by} is the caller's readable name, {@code byDepartment} the department it acted for (if any). */
    record CredentialRotation(Instant at, String by, String byDepartment) {
    }
}
