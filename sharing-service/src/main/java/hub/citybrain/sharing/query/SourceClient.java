package hub.citybrain.sharing.query;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls one source system over HTTP and maps its own JSON onto catalog fields with the connector's JSON Pointers.
 * Every failure becomes a reason, never an exception: a bad source costs only its own fields. Each source system
 * has its own circuit breaker, so a failing one is left alone for a while instead of costing every query its
 * timeout, and its own retry for a passing fault (connection error, 5xx).
 */
@Component
class SourceClient {

    private static final Logger log = LoggerFactory.getLogger(SourceClient.class);

    static final String LATENCY = "citybrain.source.latency";

    private final WebClient http;
    private final JsonMapper json;
    private final CircuitBreakerRegistry breakers;
    private final RetryRegistry retries;
    private final MeterRegistry meters;
    private final long retryWaitNanos;

    SourceClient(WebClient.Builder builder, JsonMapper json, CircuitBreakerRegistry breakers, RetryRegistry retries,
            MeterRegistry meters) {
        HttpClient client = HttpClient.create().option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000);
        this.http = builder.clone().clientConnector(new ReactorClientHttpConnector(client)).build();
        this.json = json;
        this.breakers = breakers;
        this.retries = retries;
        this.meters = meters;
        this.retryWaitNanos = Duration.ofMillis(
                retries.getDefaultConfig().getIntervalBiFunction().apply(1, null)).toNanos();
    }

    /**
     * One fetch, all of it inside the connector's time budget: the attempts, the pause between them, and the
     * breaker's verdict. An open breaker answers SOURCE_ERROR at once, without calling the source.
     */
    Mono<SourceResult> fetch(Plan.SourceCall call, String subjectKey) {
        var connector = call.resource().connector();
        URI uri = URI.create(connector.baseUrl() + connector.pathTemplate()
                .replace("{subjectKey}", pathSegment(subjectKey)));
        String source = call.resource().id();
        CircuitBreaker breaker = breakers.circuitBreaker(source);
        Retry retry = retries.retry(source);
        long budgetNanos = Duration.ofMillis(connector.timeoutMs()).toNanos();
        return Mono.defer(() -> {
            long deadline = System.nanoTime() + budgetNanos;
            Timer.Sample sample = Timer.start(meters);
            return Mono.defer(() -> attempt(call, uri, deadline, breaker))
                    .transformDeferred(RetryOperator.of(retry))
                    .onErrorResume(e -> Mono.just(SourceResult.failed(call, reasonFor(source, e))))
                    .doOnNext(result -> sample.stop(latency(source, result.succeeded() ? "OK" : result.failure().name())))
                    // the query's overall deadline gave up on this source
                    .doOnCancel(() -> sample.stop(latency(source, UnavailableReason.TIMEOUT.name())));
        });
    }

    /** One request, judged by the source's breaker; a failure leaves as a {@link SourceFailure}. */
    private Mono<SourceResult> attempt(Plan.SourceCall call, URI uri, long deadline, CircuitBreaker breaker) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return Mono.error(new SourceFailure(UnavailableReason.TIMEOUT, false, null));
        }
        return http.get().uri(uri).accept(MediaType.APPLICATION_JSON)
                .exchangeToMono(response -> read(call, response))
                .timeout(Duration.ofNanos(left))
                .flatMap(result -> result.succeeded() || result.failure() == UnavailableReason.NOT_FOUND
                        ? Mono.just(result)
                        : Mono.error(new SourceFailure(result.failure(), false, null)))
                .onErrorMap(e -> !(e instanceof SourceFailure), SourceClient::classify)
                // another attempt only if it could still finish inside the budget after the pause
                .onErrorMap(SourceFailure.class, f -> f.retryable() && deadline - System.nanoTime() <= retryWaitNanos
                        ? new SourceFailure(f.reason(), false, f.getCause()) : f)
                .transformDeferred(CircuitBreakerOperator.of(breaker));
    }

    private static SourceFailure classify(Throwable e) {
        if (e instanceof TimeoutException) {
            return new SourceFailure(UnavailableReason.TIMEOUT, false, e);
        }
        // refused, reset or closed before an answer: the GET is idempotent, so it may be tried again
        return new SourceFailure(UnavailableReason.SOURCE_ERROR, e instanceof WebClientRequestException, e);
    }

    private static UnavailableReason reasonFor(String source, Throwable e) {
        if (e instanceof CallNotPermittedException) {
            log.debug("Source {} not called: its circuit breaker is open", source);
            return UnavailableReason.SOURCE_ERROR;
        }
        if (e instanceof SourceFailure failure) {
            if (failure.getCause() != null && failure.reason() != UnavailableReason.TIMEOUT) {
                log.warn("Source {} failed: {}", source, failure.getCause().toString());
            }
            return failure.reason();
        }
        log.warn("Source {} failed: {}", source, e.toString());
        return UnavailableReason.SOURCE_ERROR;
    }

    private Timer latency(String source, String outcome) {
        return Timer.builder(LATENCY).description("Time to answer one source call, retries included")
                .tags("source", source, "outcome", outcome).register(meters);
    }

    /** URLEncoder is for forms: it writes a space as '+', which a path reads back as a literal plus. */
    static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Mono<SourceResult> read(Plan.SourceCall call, ClientResponse response) {
        if (response.statusCode().value() == HttpStatus.NOT_FOUND.value()) {
            return response.releaseBody().thenReturn(SourceResult.failed(call, UnavailableReason.NOT_FOUND));
        }
        if (!response.statusCode().is2xxSuccessful()) {
            // a 5xx may be passing (a restart, an overloaded node); a 4xx will say the same again
            return response.releaseBody().then(Mono.error(new SourceFailure(UnavailableReason.SOURCE_ERROR,
                    response.statusCode().is5xxServerError(), null)));
        }
        MediaType type = response.headers().contentType().orElse(null);
        if (type == null || !(MediaType.APPLICATION_JSON.isCompatibleWith(type) || type.getSubtype().endsWith("+json"))) {
            return response.releaseBody().thenReturn(SourceResult.failed(call, UnavailableReason.BAD_RESPONSE));
        }
        return response.bodyToMono(String.class)
                .map(body -> map(call, body))
                .defaultIfEmpty(SourceResult.failed(call, UnavailableReason.BAD_RESPONSE));
    }

    SourceResult map(Plan.SourceCall call, String body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            return SourceResult.failed(call, UnavailableReason.BAD_RESPONSE);
        }
        if (root == null || !root.isObject()) {
            return SourceResult.failed(call, UnavailableReason.BAD_RESPONSE);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (String field : call.fields()) {
            String pointer = call.resource().connector().mapping().get(field);
            JsonNode node = pointer == null ? null : root.at(pointer);
            // A field the source does not carry for this subject is a known absence: value null, with provenance.
            values.put(field, node == null || node.isMissingNode() || node.isNull() ? null
                    : json.treeToValue(node, Object.class));
        }
        return SourceResult.success(call, values, Instant.now());
    }

    /**
     * A failed attempt, as the breaker and the retry see it; it never leaves {@link #fetch}, which turns it into
     * its reason. {@code retryable}: another attempt is safe and still fits in the budget.
     */
    static final class SourceFailure extends RuntimeException {

        private final UnavailableReason reason;
        private final boolean retryable;

        SourceFailure(UnavailableReason reason, boolean retryable, Throwable cause) {
            super(reason.name(), cause, false, false);
            this.reason = reason;
            this.retryable = retryable;
        }

        UnavailableReason reason() {
            return reason;
        }

        boolean retryable() {
            return retryable;
        }
    }
}
