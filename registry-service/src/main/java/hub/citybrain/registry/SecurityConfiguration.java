package hub.citybrain.registry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

import hub.citybrain.identity.CitybrainSecurity;

/**
 * Deny by default, in two layers: the filter chain lets only the probes and the API description through
 * without a token on the main port, and the management port (not routed, not published) through whole ({@link CitybrainSecurity#PUBLIC_PATHS}); each controller
 * class is {@code @PreAuthorize("denyAll")} and opens its methods one by one with the role or relation they need.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableReactiveMethodSecurity
class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain registrySecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder,
            Environment environment) {
        return CitybrainSecurity.apply(http, decoder)
                .authorizeExchange(ex -> ex
                        .matchers(CitybrainSecurity.managementPort(environment)).permitAll()
                        .pathMatchers(CitybrainSecurity.PUBLIC_PATHS).permitAll()
                        .pathMatchers("/api/v1/**").authenticated()
                        .anyExchange().denyAll())
                .build();
    }
}
