package hub.citybrain.sharing;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

import hub.citybrain.identity.CitybrainSecurity;

/**
 * Deny by default, in two layers: the filter chain lets only health, metrics and the API description through
 * without a token ({@link CitybrainSecurity#PUBLIC_PATHS}); each controller
 * class is {@code @PreAuthorize("denyAll")} and opens its methods one by one with the role they need.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableReactiveMethodSecurity
class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain sharingSecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder) {
        return CitybrainSecurity.apply(http, decoder)
                .authorizeExchange(ex -> ex
                        .pathMatchers(CitybrainSecurity.PUBLIC_PATHS).permitAll()
                        .pathMatchers("/api/v1/**").authenticated()
                        .anyExchange().denyAll())
                .build();
    }
}
