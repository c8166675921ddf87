package hub.citybrain.sharing.audit;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import hub.citybrain.events.AuditCheckpointed.Checkpoint;

/**
 * This instance's checkpoint keys, if it has any. Without them it takes no checkpoints and accepts none: every
 * deployment (compose, {@code ./citybrain}) sets them, and a service started by hand without them says so.
 */
@Component
class CheckpointSigner {

    private static final Logger log = LoggerFactory.getLogger(CheckpointSigner.class);

    private final CheckpointKeys keys;

    CheckpointSigner(CheckpointProperties properties) {
        if (properties.configured()) {
            keys = CheckpointKeys.of(properties.signingKey(), properties.verifyKey());
            log.info("Audit checkpoints: key {} ({})", keys.keyId(), keys.canSign() ? "signs and verifies" : "verifies only");
        } else {
            keys = null;
            log.warn("Audit checkpoints are off: CITYBRAIN_AUDIT_SIGNING_KEY and CITYBRAIN_AUDIT_VERIFY_KEY are not set");
        }
    }

    boolean canSign() {
        return keys != null && keys.canSign();
    }

    String keyId() {
        return keys == null ? "(none)" : keys.keyId();
    }

    Checkpoint sign(long lastSequence, String lastHash, Instant at) {
        if (!canSign()) {
            throw new IllegalStateException("no signing key");
        }
        return keys.sign(lastSequence, lastHash, at);
    }

    boolean verifies(Checkpoint checkpoint) {
        return keys != null && keys.verifies(checkpoint);
    }
}
