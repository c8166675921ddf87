package hub.citybrain.console.home;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import hub.citybrain.console.hub.Agreement;

/**
 * What waits for a user on the home page, computed from the agreements the API lets the user see.
 *
 * @param toDecide requests the user's department must answer (or, for the hub admin, every open request), the
 *        earliest deadline first
 * @param awaitingReply the department's own requests still waiting for the provider
 * @param expiring agreements in force that end within 30 days, the soonest first
 */
record Desk(List<Item> toDecide, List<Item> awaitingReply, List<Item> expiring) {

    static final Duration EXPIRY_WINDOW = Duration.ofDays(30);
    static final Duration DUE_SOON = Duration.ofDays(2);

    /** An agreement with how pressing it is: {@code overdue}, {@code due-soon} or {@code normal}. */
    record Item(Agreement agreement, String urgency) {
    }

    static Desk of(String department, boolean admin, List<Agreement> visible, Instant now) {
        List<Item> toDecide = visible.stream()
                .filter(a -> "REQUESTED".equals(a.status()))
                .filter(a -> admin || a.provider().equals(department))
                .sorted(Comparator.comparing(Agreement::replyBy, Comparator.nullsLast(Comparator.naturalOrder())))
                .map(a -> new Item(a, replyUrgency(a, now))).toList();
        List<Item> awaitingReply = visible.stream()
                .filter(a -> "REQUESTED".equals(a.status()) && a.consumer().equals(department))
                .sorted(Comparator.comparing(Agreement::replyBy, Comparator.nullsLast(Comparator.naturalOrder())))
                .map(a -> new Item(a, replyUrgency(a, now))).toList();
        List<Item> expiring = visible.stream()
                .filter(a -> "ACTIVE".equals(a.status()) && a.validUntil() != null)
                .filter(a -> a.validUntil().isAfter(now) && a.validUntil().isBefore(now.plus(EXPIRY_WINDOW)))
                .sorted(Comparator.comparing(Agreement::validUntil))
                .map(a -> new Item(a, a.validUntil().isBefore(now.plus(Duration.ofDays(7))) ? "due-soon" : "normal"))
                .toList();
        return new Desk(toDecide, awaitingReply, expiring);
    }

    private static String replyUrgency(Agreement a, Instant now) {
        if (a.replyBy() == null) {
            return "normal";
        }
        if (a.replyBy().isBefore(now)) {
            return "overdue";
        }
        return a.replyBy().isBefore(now.plus(DUE_SOON)) ? "due-soon" : "normal";
    }
}
