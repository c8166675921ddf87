package hub.citybrain.sharing.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param signingKey base64 PKCS#8 Ed25519 private key that signs checkpoints; from the environment only, never
 *        committed. Blank: this instance takes no checkpoints (it still checks them if it has the verify key)
 * @param verifyKey base64 X.509 Ed25519 public key of the same pair
 * @param checkpointInterval how often the head of the audit log is signed; zero turns the schedule off (on demand
 *        still works)
 */
@ConfigurationProperties("citybrain.audit")
record CheckpointProperties(String signingKey, String verifyKey, Duration checkpointInterval) {

    CheckpointProperties {
        if (checkpointInterval == null || checkpointInterval.isNegative()) {
            checkpointInterval = Duration.ofMinutes(5);
        }
    }

    boolean configured() {
        return (signingKey != null && !signingKey.isBlank()) || (verifyKey != null && !verifyKey.isBlank());
    }
}
