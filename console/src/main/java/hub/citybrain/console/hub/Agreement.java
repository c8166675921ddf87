package hub.citybrain.console.hub;

import java.time.Instant;
import java.util.List;

/** An agreement as the registry's API returns it (the fields the console shows). */
public record Agreement(String id, String consumer, String resourceId, String provider, List<String> fields,
        Purpose purpose, String legalBasis, Instant validFrom, Instant validUntil, int dailyQuota, String status,
        long version, Instant replyBy, List<Transition> history, Instant createdAt) {

    public record Purpose(String code, String text) {
    }

    public record Transition(String from, String to, Instant at, String by, String byDepartment, String reason) {
    }
}
