package hub.citybrain.identity;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

import hub.citybrain.identity.health.IdentityProviderHealthIndicator;

/**
 * Wires the token decoder, the {@link Caller} argument and, by property, the identity provider's health indicator
 * into every service that has this library.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration" })
@EnableConfigurationProperties(IdentityProperties.class)
public class IdentityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ReactiveJwtDecoder citybrainJwtDecoder(IdentityProperties properties) {
        return CitybrainSecurity.jwtDecoder(properties);
    }

    /** Overridden where the registry's department events are read; without them no department counts as inactive. */
    @Bean
    @ConditionalOnMissingBean
    DepartmentStatus departmentStatus() {
        return DepartmentStatus.NONE_INACTIVE;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(WebFluxConfigurer.class)
    static class CallerWebConfiguration implements WebFluxConfigurer {

        @Override
        public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
            configurer.addCustomResolver(new CallerArgumentResolver());
        }
    }

    /** Readiness follows the realm's signing keys where a service asks for it ({@code identityProvider}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.ReactiveHealthIndicator")
    @ConditionalOnProperty(name = "citybrain.health.identity-provider", havingValue = "true")
    static class IdentityProviderHealth {

        @Bean
        @ConditionalOnMissingBean(name = "identityProviderHealthIndicator")
        IdentityProviderHealthIndicator identityProviderHealthIndicator(IdentityProperties identity,
                @Value("${citybrain.health.timeout:2s}") Duration timeout) {
            return new IdentityProviderHealthIndicator(WebClient.create(), identity.jwkSetUri(), timeout);
        }
    }
}
