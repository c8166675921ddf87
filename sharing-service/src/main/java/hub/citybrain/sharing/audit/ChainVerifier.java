package hub.citybrain.sharing.audit;

import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Walks the audit log in sequence order and recomputes every link. The entries stream from a cursor in batches
 * and only the previous link is kept, so memory stays flat however long the log is; the walk stops at the first
 * broken link.
 */
@Component
class ChainVerifier {

    static final int BATCH = 500;

    private final ReactiveMongoTemplate mongo;

    ChainVerifier(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    Mono<Verification> verify() {
        Query inOrder = new Query().with(Sort.by(Sort.Direction.ASC, AuditEntry.SEQ)).cursorBatchSize(BATCH);
        return Mono.defer(() -> {
            Walk walk = new Walk();
            return mongo.find(inOrder, Document.class, AuditChain.COLLECTION)
                    .takeUntil(walk::brokenBy)
                    .then(Mono.fromSupplier(walk::result));
        });
    }

    /** The state of one walk: the last link that checked out, or the first that did not. */
    static final class Walk {
        private long verified;
        private long expectedSeq = 1;
        private String expectedPrev = ChainHash.GENESIS;
        private Verification broken;

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
            if (!expectedPrev.equals(entry.getString(AuditEntry.PREV_HASH))) {
                broken = Verification.broken(verified, seq, Verification.Problem.PREV_HASH_MISMATCH,
                        "entry " + seq + " points at predecessor hash " + entry.getString(AuditEntry.PREV_HASH)
                                + " but entry " + (seq - 1) + " hashes to " + expectedPrev);
                return true;
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
            return broken != null ? broken : Verification.intact(verified, expectedSeq - 1, expectedPrev);
        }
    }
}
