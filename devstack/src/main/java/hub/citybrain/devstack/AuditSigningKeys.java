package hub.citybrain.devstack;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Generates the Ed25519 key pair that signs audit checkpoints, as the two lines {@code ./citybrain} appends to
 * {@code secrets.env}: the private key as base64 PKCS#8, the public key as base64 X.509. JDK 17's own provider,
 * so that no openssl is needed where the hub runs.
 */
public final class AuditSigningKeys {

    private AuditSigningKeys() {
    }

    public static void main(String[] args) throws NoSuchAlgorithmException {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Base64.Encoder base64 = Base64.getEncoder();
        System.out.println("CITYBRAIN_AUDIT_SIGNING_KEY=" + base64.encodeToString(pair.getPrivate().getEncoded()));
        System.out.println("CITYBRAIN_AUDIT_VERIFY_KEY=" + base64.encodeToString(pair.getPublic().getEncoded()));
    }
}
