package hub.citybrain.sharing;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

import hub.citybrain.identity.CitybrainSecurity;
import hub.citybrain.identity.Roles;

/** Deny by default: health is public; a query needs {@code dept:query}; nothing else is open. */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain sharingSecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder) {
        return CitybrainSecurity.apply(http, decoder)
                .authorizeExchange(ex -> ex
                        .pathMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .pathMatchers(HttpMethod.POST, "/api/v1/queries").hasAuthority(Roles.QUERY)
                        .anyExchange().denyAll())
                .build();
    }
}
