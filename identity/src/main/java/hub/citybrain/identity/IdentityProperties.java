package hub.citybrain.identity;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * How tokens are validated.
 *
 * @param issuerUri the realm's issuer, e.g. {@code http://127.0.0.1:8180/realms/citybrain}; tokens must carry it
 * @param jwkSetUri where the signing keys are fetched; defaults to the issuer's Keycloak certs endpoint
 * @param audience the audience every token must name
 * @param clockSkew tolerance on {@code exp}/{@code nbf}; kept small so that an expired token stops working soon
 * @param tokenCacheTtl how long a token whose signature was verified is remembered (the claims are still checked on
 *        every call); default 60 s, {@code 0s} turns the cache off
 */
@ConfigurationProperties("citybrain.identity")
public record IdentityProperties(String issuerUri, String jwkSetUri, String audience, Duration clockSkew,
        Duration tokenCacheTtl) {

    @ConstructorBinding
    public IdentityProperties {
        if (issuerUri == null || issuerUri.isBlank()) {
            issuerUri = "http://127.0.0.1:8180/realms/citybrain";
        }
        if (jwkSetUri == null || jwkSetUri.isBlank()) {
            jwkSetUri = issuerUri + "/protocol/openid-connect/certs";
        }
        if (audience == null || audience.isBlank()) {
            audience = "citybrain-hub";
        }
        if (clockSkew == null) {
            clockSkew = Duration.ofSeconds(5);
        }
        if (tokenCacheTtl == null || tokenCacheTtl.isNegative()) {
            tokenCacheTtl = Duration.ofSeconds(60);
        }
    }

    public IdentityProperties(String issuerUri, String jwkSetUri, String audience, Duration clockSkew) {
        this(issuerUri, jwkSetUri, audience, clockSkew, null);
    }
}
