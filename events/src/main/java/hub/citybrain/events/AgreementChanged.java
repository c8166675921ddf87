package hub.citybrain.events;

import java.time.Instant;
import java.util.List;

/** An agreement was created or changed; carries its full new state. */
public record AgreementChanged(String eventId, String type, Instant occurredAt, Agreement agreement) {

    public static final String TYPE = "citybrain.registry.agreement-changed.v1";

    public static AgreementChanged of(String eventId, Instant occurredAt, Agreement agreement) {
        return new AgreementChanged(eventId, TYPE, occurredAt, agreement);
    }

    /**
     * The state after the change. {@code version} starts at 1 and grows by one with every change, so a consumer
     * keeps the highest it has seen. {@code replyBy} is the provider's reply deadline while the agreement is
     * REQUESTED (5 working days after the request), else null or the deadline it had.
     */
    public record Agreement(String id, String consumer, String resourceId, String provider, List<String> fields,
            String purposeCode, String purposeText, String legalBasis, Instant validFrom, Instant validUntil,
            int dailyQuota, String status, long version, Instant replyBy) {
    }
}
