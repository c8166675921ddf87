package hub.citybrain.sharing.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Fixture builder for audit entries of answered queries. */
final class AuditEntryMother {

    private AuditEntryMother() {
    }

    static AuditEntry access(String queryId) {
        return access(queryId, "gaoyou.civil-affairs", "a".repeat(64));
    }

    static AuditEntry access(String queryId, String consumer, String subjectKeyHash) {
        Map<String, Object> access = new LinkedHashMap<>();
        access.put("queryId", queryId);
        access.put("answeredAt", Instant.now().toString());
        access.put("consumer", consumer);
        access.put("consumerLevel", "COUNTY");
        access.put("subjectType", "PERSON");
        access.put("subjectKeyHash", subjectKeyHash);
        access.put("purpose", "SUBSISTENCE_REVIEW");
        access.put("fieldsAsked", List.of("name", "partyMember"));
        access.put("fieldsGiven", List.of("name"));
        access.put("denied", List.of(Map.of("field", "partyMember", "reason", "NO_AGREEMENT")));
        access.put("outcome", "PARTIAL");
        return new AuditEntry(AuditEntry.accessId(queryId), AuditEntry.Kind.ACCESS, UUID.randomUUID().toString(),
                "citybrain.sharing.access-recorded.v1", Instant.now(), "access", access);
    }
}
