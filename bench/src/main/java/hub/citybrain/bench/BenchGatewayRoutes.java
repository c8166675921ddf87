package hub.citybrain.bench;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * Bench only: lets the benchmark's own gateway instance answer {@code /bench/open/**} without a token, to
 * measure the proxy path with and without JWT validation side by side (P1). It exists only on the loader.path of
 * the gateway that {@code bench/run} starts on its own port, and only acts with {@code citybrain.bench.open-route=true}
 * (set by {@code bench/gateway-bench.yml}); the real gateway's jar and defaults are untouched.
 */
@AutoConfiguration
@ConditionalOnProperty(name = "citybrain.bench.open-route", havingValue = "true")
public class BenchGatewayRoutes {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityWebFilterChain benchOpenRoute(ServerHttpSecurity http) {
        return http
                .securityMatcher(ServerWebExchangeMatchers.pathMatchers("/bench/open/**"))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                // stateless like the real chain (CitybrainSecurity.apply): the defaults would open a WebSession per
                // request (a UUID from SecureRandom and a hop to the parallel scheduler), which the real routes never do
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(ex -> ex.anyExchange().permitAll())
                .build();
    }
}
