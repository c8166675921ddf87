package hub.citybrain.sharing.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The outcome of walking the chain. {@code verified} counts the entries that checked out before the walk ended;
 * when {@code intact} is false, {@code brokenAt} is the sequence number of the first broken link and
 * {@code problem} says what is wrong with it. {@code lastSequence} and {@code lastHash} name the head of an intact
 * chain: noted down outside the hub, they also reveal a later truncation of the log's tail, which no chain can
 * show by itself.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Verification(long verified, boolean intact, Long brokenAt, Problem problem, String detail, Long lastSequence,
        String lastHash) {

    enum Problem {
        /** The entry's content no longer matches its own hash: it was edited. */
        CONTENT_HASH_MISMATCH,
        /** The entry does not point at its predecessor's hash: one before it was replaced or re-ordered. */
        PREV_HASH_MISMATCH,
        /** A sequence number is missing: an entry was deleted (or moved). */
        SEQUENCE_GAP
    }

    static Verification intact(long verified, long lastSequence, String lastHash) {
        return new Verification(verified, true, null, null, null, lastSequence, lastHash);
    }

    static Verification broken(long verified, long brokenAt, Problem problem, String detail) {
        return new Verification(verified, false, brokenAt, problem, detail, null, null);
    }
}
