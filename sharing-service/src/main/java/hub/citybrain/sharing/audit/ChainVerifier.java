package hub.citybrain.sharing.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import hub.citybrain.events.AuditCheckpointed.Checkpoint;
import reactor.core.publisher.Mono;

/**
 * Walks the audit log in sequence order and recomputes every link. The entries stream from a cursor in batches
 * and only the previous link is kept, so memory stays flat however long the log is; the walk stops at the first
 * broken link.
 *
 * <p>On the way it holds every entry that a signed checkpoint names against the hash that was signed, and at the
 * end the log's last sequence number against the highest one signed: that is what reveals a deleted tail or a log
 * that was edited and re-sealed, which the chain by itself cannot.
 */
@Component
class ChainVerifier {

    static final int BATCH = 500;

    private final ReactiveMongoTemplate mongo;
    private final CheckpointLog checkpoints;

    @Autowired
    ChainVerifier(ReactiveMongoTemplate mongo, CheckpointLog checkpoints) {
        this.mongo = mongo;
        this.checkpoints = checkpoints;
    }

    /** A verifier that knows of no checkpoints: the chain's own links only. */
    ChainVerifier(ReactiveMongoTemplate mongo) {
        this(mongo, null);
    }

    /** The whole log, from entry 1: what an auditor asks for. */
    Mono<Verification> verify() {
        Query inOrder = new Query().with(Sort.by(Sort.Direction.ASC, AuditEntry.SEQ)).cursorBatchSize(BATCH);
        return Mono.defer(() -> {
            Walk walk = checkpoints == null ? new Walk()
                    : new Walk(checkpoints.checkpoints(), checkpoints.rejected(), null);
            return walk(inOrder, walk);
        });
    }

    /**
     * The log from the latest signed checkpoint on: what a new checkpoint must vouch for. The entries up to that
     * checkpoint are already sealed by its signature (and {@link #verify()} still walks them), so signing the head
     * costs the entries since the last checkpoint, not the whole log. Walking the whole log every five minutes
     * stalled the hub as the log grew: the fault suite's soak saw queries wait over 5 s every five minutes, and the
     * embedded wire server sorted the whole collection in memory each time. The checkpointed entry itself is
     * checked against its signed hash and its own content; its link to its predecessor was checked when it was
     * signed. Without a checkpoint it is the whole log.
     */
    Mono<Verification> verifySinceLatestCheckpoint() {
        return Mono.defer(() -> {
            List<Checkpoint> signed = checkpoints == null ? List.of() : checkpoints.checkpoints();
            Checkpoint latest = signed.stream().max(java.util.Comparator.comparingLong(Checkpoint::lastSequence))
                    .orElse(null);
            if (latest == null) {
                return verify();
            }
            Query since = Query.query(Criteria.where(AuditEntry.SEQ).gte(latest.lastSequence()))
                    .with(Sort.by(Sort.Direction.ASC, AuditEntry.SEQ)).cursorBatchSize(BATCH);
            return walk(since, new Walk(signed, checkpoints.rejected(), latest));
        });
    }

    private Mono<Verification> walk(Query query, Walk walk) {
        return mongo.find(query, Document.class, AuditChain.COLLECTION)
                .takeUntil(walk::brokenBy)
                .then(Mono.fromSupplier(walk::result));
    }

    /** The state of one walk: the last link that checked out, or the first that did not. */
    static final class Walk {
        private long verified;
        private long expectedSeq = 1;
        private String expectedPrev = ChainHash.GENESIS;
        private Verification broken;
        /** Signed hashes by sequence number; null when there are no checkpoints to check against. */
        private final TreeMap<Long, List<Checkpoint>> anchors;
        private final long rejected;
        private Checkpoint latestMatched;
        private int matched;

        Walk() {
            this.anchors = null;
            this.rejected = 0;
        }

        /** From entry 1, or (with {@code from}) from that checkpoint's entry, whose link backwards is not walked. */
        Walk(List<Checkpoint> checkpoints, long rejected, Checkpoint from) {
            this.anchors = new TreeMap<>();
            checkpoints.forEach(c -> anchors.computeIfAbsent(c.lastSequence(), s -> new ArrayList<>()).add(c));
            this.rejected = rejected;
            if (from != null) {
                this.expectedSeq = from.lastSequence();
                this.expectedPrev = null;
            }
        }

        /** Checks the next entry; true (and the walk is over) if it breaks the chain. */
        boolean brokenBy(Document entry) {
            Object seqValue = entry.get(AuditEntry.SEQ);
            long seq = seqValue instanceof Number n ? n.longValue() : -1;
            if (seq != expectedSeq) {
                broken = Verification.broken(verified, expectedSeq, Verification.Problem.SEQUENCE_GAP,
                        "expected entry " + expectedSeq + " but the next stored entry is " + seqValue
                                + " (id " + entry.get("_id") + ")");
                return true;
            }
            String stored = entry.getString(ChainHash.HASH_FIELD);
            String recomputed = recompute(entry);
            if (!recomputed.equals(stored)) {
                broken = Verification.broken(verified, seq, Verification.Problem.CONTENT_HASH_MISMATCH,
                        "entry " + seq + " (id " + entry.get("_id") + ") was changed after it was written: stored hash "
                                + stored + ", content hashes to " + recomputed);
                return true;
            }
            if (expectedPrev != null && !expectedPrev.equals(entry.getString(AuditEntry.PREV_HASH))) {
                broken = Verification.broken(verified, seq, Verification.Problem.PREV_HASH_MISMATCH,
                        "entry " + seq + " points at predecessor hash " + entry.getString(AuditEntry.PREV_HASH)
                                + " but entry " + (seq - 1) + " hashes to " + expectedPrev);
                return true;
            }
            if (anchors != null && anchors.containsKey(seq)) {
                for (Checkpoint signed : anchors.get(seq)) {
                    if (!signed.lastHash().equals(stored)) {
                        broken = Verification.broken(verified, seq, Verification.Problem.CHECKPOINT_MISMATCH,
                                "entry " + seq + " (id " + entry.get("_id") + ") hashes to " + stored
                                        + " but the checkpoint signed at " + signed.checkpointedAt() + " says "
                                        + signed.lastHash() + ": the log was rewritten and re-sealed at or before it");
                        return true;
                    }
                    matched++;
                    latestMatched = signed;
                }
            }
            verified++;
            expectedSeq = seq + 1;
            expectedPrev = stored;
            return false;
        }

        private static String recompute(Document entry) {
            try {
                return ChainHash.of(entry);
            } catch (IllegalArgumentException edited) {
                // a value of a type the writer never stores: someone put it there
                return "(no hash: " + edited.getMessage() + ")";
            }
        }

        Verification result() {
            Verification chain = broken != null ? broken : Verification.intact(verified, expectedSeq - 1, expectedPrev);
            if (anchors == null) {
                return chain;
            }
            long last = expectedSeq - 1;
            if (broken == null && !anchors.isEmpty() && anchors.lastKey() > last) {
                Map.Entry<Long, List<Checkpoint>> beyond = anchors.lastEntry();
                Checkpoint signed = beyond.getValue().get(0);
                chain = Verification.broken(verified, last + 1, Verification.Problem.TAIL_TRUNCATED,
                        "the log ends at entry " + last + " but the checkpoint signed at " + signed.checkpointedAt()
                                + " names entry " + signed.lastSequence() + " (hash " + signed.lastHash()
                                + "): entries " + (last + 1) + " to " + signed.lastSequence() + " were deleted");
            }
            Verification.CheckpointMatched latest = latestMatched == null ? null
                    : new Verification.CheckpointMatched(latestMatched.lastSequence(), latestMatched.checkpointedAt(),
                            latestMatched.keyId());
            return chain.withCheckpoints(latest, matched, rejected);
        }
    }
}
