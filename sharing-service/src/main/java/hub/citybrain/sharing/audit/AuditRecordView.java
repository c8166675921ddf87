package hub.citybrain.sharing.audit;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import hub.citybrain.events.AccessRecorded;
import hub.citybrain.events.AgreementChanged;
import hub.citybrain.events.DepartmentChanged;

/**
 * One audit log entry as the auditor sees it: exactly one of {@code access}, {@code agreement} and
 * {@code department} is present, as {@code kind} says. The hashes are shown so that an auditor can check a link
 * by hand.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AuditRecordView(long sequence, String kind, Instant occurredAt, Instant recordedAt, String eventId,
        String eventType, AccessRecorded.Access access, AgreementChanged.Agreement agreement,
        DepartmentChanged.Department department, String prevHash, String hash) {
}
