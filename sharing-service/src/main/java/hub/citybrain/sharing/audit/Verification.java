package hub.citybrain.sharing.audit;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The outcome of walking the chain. {@code verified} counts the entries that checked out before the walk ended;
 * when {@code intact} is false, {@code brokenAt} is the sequence number of the first broken link and
 * {@code problem} says what is wrong with it. {@code lastSequence} and {@code lastHash} name the head of an intact
 * chain.
 *
 * <p>A chain alone cannot show that its tail was cut off, or that every hash was recomputed after an edit: the
 * signed checkpoints read from Kafka can. {@code checkpoint} names the latest one the log still matches,
 * {@code checkpointsChecked} how many matched, and {@code checkpointsRejected} how many were read from the topic
 * but ignored because their signature does not verify with this hub's key.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Verification(long verified, boolean intact, Long brokenAt, Problem problem, String detail, Long lastSequence,
        String lastHash, CheckpointMatched checkpoint, Integer checkpointsChecked, Long checkpointsRejected) {

    enum Problem {
        /** The entry's content no longer matches its own hash: it was edited. */
        CONTENT_HASH_MISMATCH,
        /** The entry does not point at its predecessor's hash: one before it was replaced or re-ordered. */
        PREV_HASH_MISMATCH,
        /** A sequence number is missing: an entry was deleted (or moved). */
        SEQUENCE_GAP,
        /** The log ends before the sequence number a signed checkpoint names: its tail was deleted. */
        TAIL_TRUNCATED,
        /**
         * The entry at a signed checkpoint's sequence number has another hash than the one signed: the log was
         * rewritten and re-sealed (every hash recomputed) at or before that entry.
         */
        CHECKPOINT_MISMATCH
    }

    /** The latest signed checkpoint the log matches: intact up to at least {@code sequence}, as signed {@code at}. */
    record CheckpointMatched(long sequence, Instant at, String keyId) {
    }

    static Verification intact(long verified, long lastSequence, String lastHash) {
        return new Verification(verified, true, null, null, null, lastSequence, lastHash, null, null, null);
    }

    static Verification broken(long verified, long brokenAt, Problem problem, String detail) {
        return new Verification(verified, false, brokenAt, problem, detail, null, null, null, null, null);
    }

    Verification withCheckpoints(CheckpointMatched latest, int checked, long rejected) {
        return new Verification(verified, intact, brokenAt, problem, detail, lastSequence, lastHash, latest, checked,
                rejected);
    }
}
