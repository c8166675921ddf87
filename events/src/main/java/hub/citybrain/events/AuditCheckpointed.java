package hub.citybrain.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The sharing service signed the head of its audit log: entry {@code lastSequence} hashes to {@code lastHash}.
 * Whoever keeps these records can later tell whether the log was truncated or re-sealed behind them.
 */
public record AuditCheckpointed(String eventId, String type, Instant occurredAt, Checkpoint checkpoint) {

    public static final String TYPE = "citybrain.audit.checkpointed.v1";

    public static AuditCheckpointed of(String eventId, Checkpoint checkpoint) {
        return new AuditCheckpointed(eventId, TYPE, checkpoint.checkpointedAt(), checkpoint);
    }

    /**
     * @param lastSequence the sequence number of the audit log's last entry when the checkpoint was taken
     * @param lastHash that entry's hash (SHA-256, hex)
     * @param checkpointedAt when it was signed, to the millisecond
     * @param keyId the first 16 hex digits of the SHA-256 of the public key's X.509 encoding
     * @param signature Ed25519 over {@link #signedText()}, base64
     */
    public record Checkpoint(long lastSequence, String lastHash, Instant checkpointedAt, String keyId,
            String signature) {

        /** Names what is signed, so that a signature over anything else never passes for a checkpoint's. */
        public static final String SIGNED_PREFIX = "citybrain-audit-checkpoint.v1";

        /**
         * The exact bytes that are signed, in UTF-8: the prefix, the sequence number, the hash and the ISO-8601
         * time, each on its own line, with no newline at the end. Simple on purpose: an auditor rebuilds it with
         * {@code printf} and checks it with {@code openssl pkeyutl -verify -rawin}.
         */
        public byte[] signedText() {
            return (SIGNED_PREFIX + "\n" + lastSequence + "\n" + lastHash + "\n" + checkpointedAt)
                    .getBytes(StandardCharsets.UTF_8);
        }
    }
}
