package hub.citybrain.identity;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How tokens are validated.
 *
 * @param issuerUri the realm's issuer, e.g. {@code http://127.0.0.1:8180/realms/citybrain}; tokens must carry it
 * @param jwkSetUri where the signing keys are fetched; defaults to the issuer's Keycloak certs endpoint
 * @param audience the audience every token must name
 * @param clockSkew tolerance on {@code exp}/{@code nbf}; kept small so that an expired token stops working soon
 */
@ConfigurationProperties("citybrain.identity")
public record IdentityProperties(String issuerUri, String jwkSetUri, String audience, Duration clockSkew) {

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
    }
}
