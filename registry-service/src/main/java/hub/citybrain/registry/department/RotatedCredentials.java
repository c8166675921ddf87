package hub.citybrain.registry.department;

import java.time.Instant;

/**
 * The answer to a credential rotation: the department's client and its new secret, this one time. The hub keeps
 * only who rotated and when, never the secret.
 */
record RotatedCredentials(String code, String clientId, String clientSecret, Instant rotatedAt, String rotatedBy) {

    @Override
    public String toString() {
        return "RotatedCredentials[" + code + ", " + rotatedAt + ", by " + rotatedBy + "]";
    }
}
