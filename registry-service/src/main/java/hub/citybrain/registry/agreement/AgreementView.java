package hub.citybrain.registry.agreement;

import java.time.Instant;
import java.util.List;

/**
 * An agreement as the API shows it, with its full history of transitions. {@code replyBy} is the provider's
 * reply deadline of a request (5 working days).
 */
record AgreementView(String id, String consumer, String resourceId, String provider, List<String> fields,
        Purpose purpose, String legalBasis, Instant validFrom, Instant validUntil, int dailyQuota, String status,
        long version, Instant replyBy, List<TransitionView> history, Instant createdAt) {

    record Purpose(String code, String text) {
    }

    record TransitionView(String from, String to, Instant at, String by, String byDepartment, String reason) {
    }

    static AgreementView of(Agreement a) {
        return new AgreementView(a.id(), a.consumer(), a.resourceId(), a.provider(), a.fields(),
                new Purpose(a.purposeCode(), a.purposeText()), a.legalBasis(), a.validFrom(), a.validUntil(),
                a.dailyQuota(), a.status(), a.version(), a.replyBy(),
                a.history().stream().map(t -> new TransitionView(t.from(), t.to(), t.at(), t.by(), t.byDepartment(),
                        t.reason())).toList(),
                a.createdAt());
    }
}
