package hub.citybrain.sharing.query;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;

/**
 * The registries that hold one circuit breaker and one retry per source system. Which failures count is
 * decided by {@link SourceClient}: it raises a {@link SourceClient.SourceFailure} only for a real failure (a
 * missing subject is a normal answer) and marks it retryable only when another attempt is safe and fits in the
 * source's time budget.
 */
@Configuration(proxyBeanMethods = false)
class SourceResilience {

    @Bean
    CircuitBreakerRegistry sourceCircuitBreakers(SourceResilienceProperties properties) {
        return circuitBreakers(properties);
    }

    @Bean
    RetryRegistry sourceRetries(SourceResilienceProperties properties) {
        return retries(properties);
    }

    static CircuitBreakerRegistry circuitBreakers(SourceResilienceProperties properties) {
        return CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(properties.slidingWindowSize())
                .minimumNumberOfCalls(properties.minimumNumberOfCalls())
                .failureRateThreshold(properties.failureRateThreshold())
                .waitDurationInOpenState(properties.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(properties.permittedCallsInHalfOpenState())
                .recordException(SourceClient.SourceFailure.class::isInstance)
                .build());
    }

    static RetryRegistry retries(SourceResilienceProperties properties) {
        return RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(properties.retryMaxAttempts())
                .waitDuration(properties.retryWait())
                .retryOnException(e -> e instanceof SourceClient.SourceFailure failure && failure.retryable())
                .build());
    }
}
