package hub.citybrain.sharing.access;

import java.util.Arrays;

/**
 * Why an attempt was refused as a whole. A refused attempt is recorded like an answered query (durable before the
 * refusal leaves, then in the audit log), with outcome {@code REFUSED} and one of these reasons. The first four are
 * also the problem {@code code} the caller got; {@link #ALL_FIELDS_DENIED} is answered 200 with every field in
 * {@code denied}.
 */
public enum RefusalReason {
    /** The token lacks the role {@code dept:query}. */
    FORBIDDEN,
    /** The token names no department (claim {@code dept}). */
    NO_DEPARTMENT,
    /** The registry has deactivated the caller's department. */
    DEPARTMENT_INACTIVE,
    /** An agreement the query draws on has used up today's quota (429). */
    QUOTA_EXCEEDED,
    /** Every field asked for was denied (the per-field reasons are in {@code denied}); no source was called. */
    ALL_FIELDS_DENIED;

    /** The refusal behind a problem code, or null when the code is not a refusal (a bad request, a failure). */
    public static RefusalReason ofCode(String code) {
        return Arrays.stream(values()).filter(r -> r.name().equals(code)).findFirst().orElse(null);
    }
}
