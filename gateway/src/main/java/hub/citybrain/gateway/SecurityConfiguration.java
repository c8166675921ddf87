package hub.citybrain.gateway;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

import hub.citybrain.identity.CitybrainSecurity;

/**
 * The first wall: every API call needs a valid token from the citybrain realm. Role checks are the services'
 * business (they validate the token again: the gateway is not the only wall).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain gatewaySecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder,
            Environment environment) {
        return CitybrainSecurity.apply(http, decoder)
                .authorizeExchange(ex -> ex
                        .matchers(CitybrainSecurity.managementPort(environment)).permitAll()
                        .pathMatchers(CitybrainSecurity.PUBLIC_PATHS).permitAll()
                        .pathMatchers("/api/v1/**").authenticated()
                        // the console signs its users in itself (Keycloak, a session cookie); every API call it
                        // makes comes back through here with the signed-in user's own token
                        .pathMatchers("/console", "/console/**").permitAll()
                        .anyExchange().denyAll())
                .build();
    }
}
