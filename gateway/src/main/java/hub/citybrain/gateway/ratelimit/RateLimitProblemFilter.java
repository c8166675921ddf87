package hub.citybrain.gateway.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import hub.citybrain.support.web.ProblemResponses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Gives the gateway's own {@code RequestRateLimiter} refusal the hub's error shape. The filter answers a client over
 * its limit with an empty 429 ({@code setComplete()}); this filter wraps the response so that such an answer leaves
 * as problem+json with code {@code RATE_LIMITED} and {@code Retry-After}: the seconds until the client's bucket holds
 * the tokens one request needs again, {@code ceil(requestedTokens / replenishRate)}, read from the limiter's own
 * {@code X-RateLimit-*} headers (at least 1).
 *
 * <p>When Redis cannot be reached, {@link RedisRateLimiter} lets the request through (it answers "allowed" with
 * {@code X-RateLimit-Remaining: -1}): a burst limit protects capacity, it must not take the hub down with it. This
 * filter counts every such request in {@code citybrain.gateway.ratelimit.unavailable} and logs a WARN at most once a
 * minute (the limiter's own per-request ERROR is silenced in application.yml).
 */
@Component
class RateLimitProblemFilter implements GlobalFilter, Ordered {

    static final String RATE_LIMITED = "RATE_LIMITED";
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(RateLimitProblemFilter.class);

    private final Counter unavailable;
    private final AtomicReference<Instant> lastWarning = new AtomicReference<>(Instant.EPOCH);

    RateLimitProblemFilter(MeterRegistry meters) {
        this.unavailable = Counter.builder("citybrain.gateway.ratelimit.unavailable")
                .description("Requests let through unlimited because Redis could not be asked")
                .register(meters);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerHttpResponse original = exchange.getResponse();
        ServerHttpResponseDecorator response = new ServerHttpResponseDecorator(original) {

            @Override
            public Mono<Void> setComplete() {
                // an empty 429 before any call went downstream can only be the limiter's refusal
                if (HttpStatus.TOO_MANY_REQUESTS.equals(getStatusCode()) && !isCommitted()
                        && exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR) == null) {
                    getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds(getHeaders())));
                    return ProblemResponses.write(exchange.mutate().response(getDelegate()).build(),
                            HttpStatus.TOO_MANY_REQUESTS, RATE_LIMITED,
                            "This client sent more requests than its burst limit allows; slow down and retry after "
                                    + "the number of seconds in Retry-After.");
                }
                return super.setComplete();
            }
        };
        original.beforeCommit(() -> {
            if ("-1".equals(original.getHeaders().getFirst(RedisRateLimiter.REMAINING_HEADER))) {
                limiterUnavailable();
            }
            return Mono.empty();
        });
        return chain.filter(exchange.mutate().response(response).build());
    }

    private void limiterUnavailable() {
        unavailable.increment();
        Instant now = Instant.now();
        Instant last = lastWarning.get();
        if (now.isAfter(last.plus(WARN_EVERY)) && lastWarning.compareAndSet(last, now)) {
            log.warn("Rate limiter unavailable (Redis not answering): requests pass without a burst limit "
                    + "(counted in citybrain.gateway.ratelimit.unavailable)");
        }
    }

    static long retryAfterSeconds(HttpHeaders headers) {
        long replenishRate = number(headers.getFirst(RedisRateLimiter.REPLENISH_RATE_HEADER), 1);
        long requestedTokens = number(headers.getFirst(RedisRateLimiter.REQUESTED_TOKENS_HEADER), 1);
        if (replenishRate <= 0) {
            return 1;
        }
        return Math.max(1, (requestedTokens + replenishRate - 1) / replenishRate);
    }

    private static long number(String value, long otherwise) {
        try {
            return value == null ? otherwise : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** Before the routes' filters, so that the limiter sees the wrapped response. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
