package hub.citybrain.identity.health;

import java.time.Duration;

import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.publisher.Mono;

/**
 * The realm's signing keys can be fetched. The gateway cannot admit any call without them, so its readiness
 * follows this indicator: a gateway that cannot reach Keycloak is taken out of rotation rather than answering
 * every request with 503 {@code IDENTITY_UNAVAILABLE}.
 */
public class IdentityProviderHealthIndicator extends AbstractReactiveHealthIndicator {

    private final WebClient http;
    private final String jwkSetUri;
    private final Duration timeout;

    public IdentityProviderHealthIndicator(WebClient http, String jwkSetUri, Duration timeout) {
        super("Identity provider health check failed");
        this.http = http;
        this.jwkSetUri = jwkSetUri;
        this.timeout = timeout;
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        return http.get().uri(jwkSetUri).retrieve().toBodilessEntity()
                .timeout(timeout)
                .map(response -> builder.up().withDetail("jwkSetUri", jwkSetUri).build());
    }
}
