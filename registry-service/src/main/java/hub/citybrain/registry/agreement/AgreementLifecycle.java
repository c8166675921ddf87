package hub.citybrain.registry.agreement;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.Map;

import hub.citybrain.support.web.ApiException;

/**
 * The life of a data-sharing agreement (共享协议), as a pure function of (status, action). Nothing here touches a
 * store: {@link Agreements} asks {@link #next} for the target status and writes it with one conditional update.
 *
 * <pre>
 * REQUESTED --approve--> ACTIVE          REQUESTED --reject--> REJECTED
 * ACTIVE    --suspend--> SUSPENDED       SUSPENDED --resume--> ACTIVE
 * ACTIVE | SUSPENDED --revoke--> REVOKED
 * ACTIVE | SUSPENDED --expire--> EXPIRED (the hub itself, at validUntil)
 * </pre>
 * REJECTED, REVOKED and EXPIRED are terminal.
 */
final class AgreementLifecycle {

    /** Working days are counted in the hub's own time zone. */
    static final ZoneId HUB_ZONE = ZoneId.of("Asia/Shanghai");
    static final int REPLY_WORKING_DAYS = 5;

    enum Status {
        REQUESTED, ACTIVE, REJECTED, SUSPENDED, REVOKED, EXPIRED;

        boolean terminal() {
            return this == REJECTED || this == REVOKED || this == EXPIRED;
        }
    }

    enum Action {
        APPROVE(false), REJECT(true), SUSPEND(true), RESUME(false), REVOKE(true), EXPIRE(false);

        private final boolean reasonRequired;

        Action(boolean reasonRequired) {
            this.reasonRequired = reasonRequired;
        }

        /** A refusal or an interruption must say why; the consumer reads it. */
        boolean reasonRequired() {
            return reasonRequired;
        }
    }

    private static final Map<Status, Map<Action, Status>> TRANSITIONS = new EnumMap<>(Status.class);

    static {
        allow(Status.REQUESTED, Action.APPROVE, Status.ACTIVE);
        allow(Status.REQUESTED, Action.REJECT, Status.REJECTED);
        allow(Status.ACTIVE, Action.SUSPEND, Status.SUSPENDED);
        allow(Status.ACTIVE, Action.REVOKE, Status.REVOKED);
        allow(Status.ACTIVE, Action.EXPIRE, Status.EXPIRED);
        allow(Status.SUSPENDED, Action.RESUME, Status.ACTIVE);
        allow(Status.SUSPENDED, Action.REVOKE, Status.REVOKED);
        allow(Status.SUSPENDED, Action.EXPIRE, Status.EXPIRED);
    }

    private static void allow(Status from, Action action, Status to) {
        TRANSITIONS.computeIfAbsent(from, s -> new EnumMap<>(Action.class)).put(action, to);
    }

    private AgreementLifecycle() {
    }

    /** The status after {@code action}, or 409 ILLEGAL_TRANSITION naming the current status and the action. */
    static Status next(Status current, Action action) {
        Status to = TRANSITIONS.getOrDefault(current, Map.of()).get(action);
        if (to == null) {
            throw ApiException.conflict("ILLEGAL_TRANSITION", "Action " + action + " is not allowed: the agreement is "
                    + current + (current.terminal() ? ", which is final." : "."));
        }
        return to;
    }

    static boolean allowed(Status current, Action action) {
        return TRANSITIONS.getOrDefault(current, Map.of()).containsKey(action);
    }

    /**
     * The provider's reply deadline: {@value #REPLY_WORKING_DAYS} working days (Monday to Friday) after the request,
     * at the same time of day. Public holidays and the adjusted working weekends of the Chinese calendar are not
     * modelled: a deadline may fall on a holiday.
     */
    static Instant replyBy(Instant requestedAt) {
        ZonedDateTime day = requestedAt.atZone(HUB_ZONE);
        int counted = 0;
        while (counted < REPLY_WORKING_DAYS) {
            day = day.plusDays(1);
            if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
                counted++;
            }
        }
        return day.toInstant();
    }
}
