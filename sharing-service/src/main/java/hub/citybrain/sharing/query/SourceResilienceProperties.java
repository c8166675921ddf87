package hub.citybrain.sharing.query;

import static hub.citybrain.sharing.PropertyDefaults.givenOr;
import static hub.citybrain.sharing.PropertyDefaults.positiveOr;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the hub protects itself and the source systems from a failing source; one breaker and one retry per
 * source system (catalog resource).
 *
 * @param slidingWindowSize how many recent calls to a source the breaker judges it by
 * @param minimumNumberOfCalls how many calls it needs before it judges at all
 * @param failureRateThreshold the failure percentage at which it opens
 * @param waitInOpenState how long an open breaker answers without calling the source
 * @param permittedCallsInHalfOpenState how many trial calls decide whether it closes again
 * @param retryMaxAttempts attempts per fetch, the first included (only on connection errors and 5xx)
 * @param retryWait the pause before another attempt
 */
@ConfigurationProperties("citybrain.sharing.resilience")
record SourceResilienceProperties(int slidingWindowSize, int minimumNumberOfCalls, float failureRateThreshold,
        Duration waitInOpenState, int permittedCallsInHalfOpenState, int retryMaxAttempts, Duration retryWait) {

    SourceResilienceProperties {
        slidingWindowSize = positiveOr(slidingWindowSize, 20);
        minimumNumberOfCalls = positiveOr(minimumNumberOfCalls, 10);
        failureRateThreshold = positiveOr(failureRateThreshold, 50f);
        waitInOpenState = givenOr(waitInOpenState, Duration.ofSeconds(10));
        permittedCallsInHalfOpenState = positiveOr(permittedCallsInHalfOpenState, 3);
        retryMaxAttempts = positiveOr(retryMaxAttempts, 2);
        retryWait = givenOr(retryWait, Duration.ofMillis(100));
    }

    static SourceResilienceProperties defaults() {
        return new SourceResilienceProperties(0, 0, 0, null, 0, 0, null);
    }
}
