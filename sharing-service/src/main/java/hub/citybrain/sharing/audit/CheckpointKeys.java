package hub.citybrain.sharing.audit;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;

import hub.citybrain.events.AuditCheckpointed.Checkpoint;

/**
 * The Ed25519 key pair that signs audit checkpoints (JDK 17's own provider). The private key signs; the public key
 * checks every checkpoint read back from Kafka, so that one written by anyone else (another key, or a forged
 * signature) counts for nothing. JDK 17 cannot derive an Ed25519 public key from the private one, so both come
 * from the environment, and a pair that does not belong together is refused at start-up.
 */
final class CheckpointKeys {

    static final String ALGORITHM = "Ed25519";

    private final PrivateKey signing;
    private final PublicKey verifying;
    private final String keyId;

    private CheckpointKeys(PrivateKey signing, PublicKey verifying) {
        this.signing = signing;
        this.verifying = verifying;
        this.keyId = keyIdOf(verifying);
    }

    /**
     * @param signingKey base64 PKCS#8, or blank: this instance only verifies
     * @param verifyKey base64 X.509 SubjectPublicKeyInfo
     */
    static CheckpointKeys of(String signingKey, String verifyKey) {
        if (verifyKey == null || verifyKey.isBlank()) {
            throw new IllegalStateException("CITYBRAIN_AUDIT_VERIFY_KEY must be set (base64 X.509 Ed25519 public key)"
                    + " when CITYBRAIN_AUDIT_SIGNING_KEY is");
        }
        try {
            KeyFactory keys = KeyFactory.getInstance(ALGORITHM);
            PublicKey verifying = keys.generatePublic(new X509EncodedKeySpec(decode(verifyKey)));
            PrivateKey signing = signingKey == null || signingKey.isBlank() ? null
                    : keys.generatePrivate(new PKCS8EncodedKeySpec(decode(signingKey)));
            CheckpointKeys pair = new CheckpointKeys(signing, verifying);
            if (signing != null) {
                Checkpoint probe = pair.sign(0, ChainHash.GENESIS, Instant.EPOCH);
                if (!pair.verifies(probe)) {
                    throw new IllegalStateException("CITYBRAIN_AUDIT_SIGNING_KEY and CITYBRAIN_AUDIT_VERIFY_KEY are"
                            + " not one key pair");
                }
            }
            return pair;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("The audit checkpoint keys cannot be read (expected base64 PKCS#8 and"
                    + " X.509 Ed25519 keys): " + e.getMessage(), e);
        }
    }

    boolean canSign() {
        return signing != null;
    }

    String keyId() {
        return keyId;
    }

    Checkpoint sign(long lastSequence, String lastHash, Instant at) {
        if (signing == null) {
            throw new IllegalStateException("no signing key");
        }
        Instant millis = at.truncatedTo(ChronoUnit.MILLIS);
        Checkpoint unsigned = new Checkpoint(lastSequence, lastHash, millis, keyId, null);
        try {
            Signature ed = Signature.getInstance(ALGORITHM);
            ed.initSign(signing);
            ed.update(unsigned.signedText());
            return new Checkpoint(lastSequence, lastHash, millis, keyId,
                    Base64.getEncoder().encodeToString(ed.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** True only for a checkpoint signed by this pair's private key, over exactly its own fields. */
    boolean verifies(Checkpoint checkpoint) {
        if (checkpoint == null || checkpoint.signature() == null || checkpoint.lastHash() == null
                || checkpoint.checkpointedAt() == null) {
            return false;
        }
        try {
            Signature ed = Signature.getInstance(ALGORITHM);
            ed.initVerify(verifying);
            ed.update(checkpoint.signedText());
            return ed.verify(Base64.getDecoder().decode(checkpoint.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    static String keyIdOf(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    private static byte[] decode(String base64) {
        return Base64.getMimeDecoder().decode(base64.strip());
    }
}
