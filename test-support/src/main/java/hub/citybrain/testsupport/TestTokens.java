package hub.citybrain.testsupport;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Test mother for tokens shaped like the citybrain realm's: an RSA key pair of its own, a JWKS document for
 * it, and signed tokens for departments and users. Used by slice and integration tests of the services; the
 * end-to-end suite uses real Keycloak tokens instead. It knows no CityBrain code (identity's own tests use it):
 * how a token is validated is the caller's, see identity's {@code TrustedTestTokens}.
 */
public final class TestTokens {

    public static final String ISSUER = "http://127.0.0.1:8180/realms/citybrain";
    public static final String AUDIENCE = "citybrain-hub";
    private final RSAKey key;

    public TestTokens() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(UUID.randomUUID().toString()).build();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A decoder that trusts this key and checks the claims with {@code validator} (give it production's). */
    public ReactiveJwtDecoder decoder(OAuth2TokenValidator<Jwt> validator) {
        try {
            NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withPublicKey(key.toRSAPublicKey()).build();
            decoder.setJwtValidator(validator);
            return decoder;
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String jwks() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    /** A client-credentials token of a department client with the given realm roles. */
    public String department(String dept, Enum<?> level, String region, String... roles) {
        return sign(claims(dept, level, region, roles).build());
    }

    public JWTClaimsSet.Builder claims(String dept, Enum<?> level, String region, String... roles) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("azp", dept)
                .claim("preferred_username", "service-account-" + dept)
                .claim("dept", dept)
                .claim("level", level == null ? null : level.name())
                .claim("region", region)
                .claim("realm_access", Map.of("roles", List.of(roles)));
    }

    public String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
