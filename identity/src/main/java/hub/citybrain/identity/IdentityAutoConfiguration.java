package hub.citybrain.identity;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

import hub.citybrain.identity.observability.RequestLog;

/**
 * Wires the token decoder, the {@link Caller} argument and the problem+json error handler into every service that
 * has this library.
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

        @Bean
        @ConditionalOnMissingBean
        ApiProblemHandler apiProblemHandler() {
            return new ApiProblemHandler();
        }

        @Bean
        @ConditionalOnMissingBean
        StatusProblemHandler statusProblemHandler() {
            return new StatusProblemHandler();
        }

        @Bean
        @ConditionalOnProperty(name = "citybrain.request-log.enabled", havingValue = "true", matchIfMissing = true)
        RequestLog requestLog() {
            return new RequestLog();
        }

        @Override
        public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
            configurer.addCustomResolver(new CallerArgumentResolver());
        }
    }
}
