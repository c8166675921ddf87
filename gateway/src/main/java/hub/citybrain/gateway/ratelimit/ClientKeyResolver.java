package hub.citybrain.gateway.ratelimit;

import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import hub.citybrain.identity.Caller;
import reactor.core.publisher.Mono;

/**
 * The burst limit's bucket: the OAuth2 client the token was issued to ({@code azp}), so that one department system
 * cannot starve the others however many tokens it fetches. A token without {@code azp} falls back to its subject.
 * Named in the routes' {@code RequestRateLimiter} filter as {@code #{@clientKeyResolver}}; the rate-limited routes
 * all require a token, so an unauthenticated request never reaches it.
 */
@Component("clientKeyResolver")
class ClientKeyResolver implements KeyResolver {

    @Override
    public Mono<String> resolve(ServerWebExchange exchange) {
        return exchange.getPrincipal()
                .filter(JwtAuthenticationToken.class::isInstance)
                .map(principal -> Caller.from(((JwtAuthenticationToken) principal).getToken()))
                .map(caller -> caller.clientId() != null ? "client:" + caller.clientId() : "sub:" + caller.subject());
    }
}
