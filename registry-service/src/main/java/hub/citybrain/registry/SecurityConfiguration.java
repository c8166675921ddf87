package hub.citybrain.registry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

import hub.citybrain.identity.CitybrainSecurity;
import hub.citybrain.identity.Roles;

/** Deny by default: health is public, reads need any valid token, writes need the role named here. */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain registrySecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder) {
        return CitybrainSecurity.apply(http, decoder)
                .authorizeExchange(ex -> ex
                        .pathMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .pathMatchers(HttpMethod.POST, "/api/v1/departments").hasAuthority(Roles.HUB_ADMIN)
                        .pathMatchers(HttpMethod.POST, "/api/v1/catalog/resources").hasAuthority(Roles.HUB_ADMIN)
                        .pathMatchers(HttpMethod.POST, "/api/v1/agreements").hasAuthority(Roles.HUB_ADMIN)
                        .pathMatchers(HttpMethod.GET, "/api/v1/departments", "/api/v1/departments/*",
                                "/api/v1/catalog/resources", "/api/v1/catalog/resources/*",
                                "/api/v1/agreements", "/api/v1/agreements/*")
                        .authenticated()
                        .anyExchange().denyAll())
                .build();
    }
}
