package hub.citybrain.sharing.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

import hub.citybrain.sharing.SharingProperties;

/**
 * Replaces a subject key (an ID number) by HMAC-SHA256 under a key from the environment: the access log can be
 * searched by subject without holding ID numbers in clear, and the hash cannot be reversed by enumerating IDs
 * without the key.
 */
@Component
public class SubjectKeyHasher {

    private final SecretKeySpec key;

    SubjectKeyHasher(SharingProperties properties) {
        this.key = new SecretKeySpec(properties.subjectHmacKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String hash(String subjectType, String subjectKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((subjectType + ":" + subjectKey.trim()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
