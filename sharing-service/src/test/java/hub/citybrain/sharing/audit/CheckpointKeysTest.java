package hub.citybrain.sharing.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import hub.citybrain.events.AuditCheckpointed.Checkpoint;

class CheckpointKeysTest {

    static final String HASH = "ab".repeat(32);
    static final Instant AT = Instant.parse("2026-11-28T10:15:30.123456Z");

    /** A throw-away pair for tests, in the form the environment carries: base64 PKCS#8 and X.509. */
    record TestKeys(String signing, String verifying) {
        static TestKeys generate() {
            try {
                KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                return new TestKeys(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()),
                        Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        CheckpointKeys keys() {
            return CheckpointKeys.of(signing, verifying);
        }
    }

    final CheckpointKeys hub = TestKeys.generate().keys();

    @Test
    @DisplayName("a checkpoint signed by the hub's key verifies, its time kept to the millisecond")
    void shouldVerifyItsOwnSignature() {
        Checkpoint signed = hub.sign(42, HASH, AT);

        assertThat(hub.verifies(signed)).isTrue();
        assertThat(signed.checkpointedAt()).isEqualTo(Instant.parse("2026-11-28T10:15:30.123Z"));
        assertThat(signed.keyId()).hasSize(16).isEqualTo(hub.keyId());
    }

    @Test
    @DisplayName("a checkpoint whose sequence, hash or time was changed after signing is rejected")
    void shouldRejectAnAlteredCheckpoint() {
        Checkpoint signed = hub.sign(42, HASH, AT);

        assertThat(hub.verifies(new Checkpoint(41, HASH, signed.checkpointedAt(), signed.keyId(), signed.signature())))
                .isFalse();
        assertThat(hub.verifies(new Checkpoint(42, "cd".repeat(32), signed.checkpointedAt(), signed.keyId(),
                signed.signature()))).isFalse();
        assertThat(hub.verifies(new Checkpoint(42, HASH, signed.checkpointedAt().plusMillis(1), signed.keyId(),
                signed.signature()))).isFalse();
    }

    @Test
    @DisplayName("a forged signature, a garbled one, or none at all is rejected")
    void shouldRejectAForgedSignature() {
        Checkpoint signed = hub.sign(42, HASH, AT);
        byte[] flipped = Base64.getDecoder().decode(signed.signature());
        flipped[5] ^= 1;

        assertThat(hub.verifies(new Checkpoint(42, HASH, signed.checkpointedAt(), signed.keyId(),
                Base64.getEncoder().encodeToString(flipped)))).isFalse();
        assertThat(hub.verifies(new Checkpoint(42, HASH, signed.checkpointedAt(), signed.keyId(), "not base64!")))
                .isFalse();
        assertThat(hub.verifies(new Checkpoint(42, HASH, signed.checkpointedAt(), signed.keyId(), null))).isFalse();
        assertThat(hub.verifies(null)).isFalse();
    }

    @Test
    @DisplayName("a checkpoint signed by another key is rejected, even when it claims the hub's key id")
    void shouldRejectAnotherKeysCheckpoint() {
        Checkpoint other = TestKeys.generate().keys().sign(42, HASH, AT);

        assertThat(hub.verifies(other)).isFalse();
        assertThat(hub.verifies(new Checkpoint(42, HASH, other.checkpointedAt(), hub.keyId(), other.signature())))
                .isFalse();
    }

    @Test
    @DisplayName("a signing key and a verify key of different pairs are refused at start-up")
    void shouldRefuseKeysOfTwoPairs() {
        TestKeys one = TestKeys.generate();
        TestKeys two = TestKeys.generate();

        assertThatThrownBy(() -> CheckpointKeys.of(one.signing(), two.verifying()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not one key pair");
        assertThatThrownBy(() -> CheckpointKeys.of(one.signing(), ""))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CITYBRAIN_AUDIT_VERIFY_KEY");
        assertThatThrownBy(() -> CheckpointKeys.of("bm90IGEga2V5", one.verifying()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be read");
    }

    @Test
    @DisplayName("with the public key only, an instance verifies but cannot sign")
    void shouldVerifyWithThePublicKeyAlone() {
        TestKeys pair = TestKeys.generate();
        CheckpointKeys verifyOnly = CheckpointKeys.of(null, pair.verifying());

        assertThat(verifyOnly.canSign()).isFalse();
        assertThat(verifyOnly.verifies(pair.keys().sign(7, HASH, AT))).isTrue();
    }
}
