package hub.citybrain.identity;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The one filter chain of the gateway and every service. Deny by default, in two layers: the chain lets only the
 * {@linkplain SecurityProperties#publicPaths() public paths} (probes, API description) through without a token on
 * the main port, the management port (not routed, not published) through whole, and any other {@code /api/v1/**}
 * call with a valid token; everything else is refused. Inside the services each controller class is
 * {@code @PreAuthorize("denyAll")} and opens its methods one by one with the role or relation they need, hence the
 * method security (the gateway has no such annotations: there it changes nothing).
 * <p>
 * A service declares only what differs: its public paths ({@code citybrain.security.public-paths}), or a chain of
 * its own for some paths, with a {@code securityMatcher} and a higher {@code @Order} (as the benchmark's open route
 * does): this chain stays the last, catch-all one. A bean named {@code citybrainSecurity} replaces it.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration" })
@ConditionalOnWebApplication(type = Type.REACTIVE)
@EnableConfigurationProperties(SecurityProperties.class)
@EnableWebFluxSecurity
@EnableReactiveMethodSecurity
public class SecurityAutoConfiguration {

    /**
     * Not {@code @ConditionalOnMissingBean(SecurityWebFilterChain.class)}: an added chain for a few paths (the
     * benchmark's) must not switch off the one that guards everything else.
     */
    @Bean
    @ConditionalOnMissingBean(name = "citybrainSecurity")
    SecurityWebFilterChain citybrainSecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder,
            Environment environment, SecurityProperties properties) {
        return CitybrainSecurity.apply(http, decoder)
                .authorizeExchange(ex -> ex
                        .matchers(CitybrainSecurity.managementPort(environment)).permitAll()
                        .pathMatchers(properties.publicPaths().toArray(String[]::new)).permitAll()
                        .pathMatchers("/api/v1/**").authenticated()
                        .anyExchange().denyAll())
                .build();
    }
}
