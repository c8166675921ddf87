package hub.citybrain.support.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.config.WebFluxConfigurer;

import hub.citybrain.support.observability.RequestLog;

/**
 * The web behaviour every service shares whatever it serves: errors as application/problem+json with a stable
 * {@code code}, and one log line per request with its trace id.
 */
@AutoConfiguration
@ConditionalOnClass(WebFluxConfigurer.class)
public class WebSupportAutoConfiguration {

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
}
