package hub.citybrain.support.observability;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

/**
 * One line per answered request (method, path, status, time), written inside the request's trace so that it
 * carries the trace id: following one query across the gateway and the services starts from these lines.
 * Probes and scrapes under {@code /actuator} are left out; they would drown the rest. The path is logged, never
 * the query string or body (a subject's ID number travels in the body).
 * <p>
 * The line is written with the request's thread-local context (trace id in the logging context) restored from the
 * Reactor context explicitly, so it carries the trace id also where automatic context propagation is off (the
 * gateway runs with {@code spring.reactor.context-propagation=limited}: restoring thread locals at every operator
 * cost it a third of its throughput).
 */
public class RequestLog implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger("hub.citybrain.request");
    private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (path.startsWith("/actuator")) {
            return chain.filter(exchange);
        }
        long started = System.nanoTime();
        return chain.filter(exchange)
                .doOnEach(signal -> {
                    if (!signal.isOnComplete() && !signal.isOnError()) {
                        return;
                    }
                    if (Hooks.isAutomaticContextPropagationEnabled()) {
                        // "auto": Reactor has already restored the thread locals around this operator
                        log(exchange, path, started, signal.getThrowable());
                        return;
                    }
                    try (ContextSnapshot.Scope scope = SNAPSHOTS.setThreadLocalsFrom(signal.getContextView())) {
                        log(exchange, path, started, signal.getThrowable());
                    }
                });
    }

    private static void log(ServerWebExchange exchange, String path, long started, Throwable error) {
        var status = exchange.getResponse().getStatusCode();
        log.info("{} {} -> {} in {} ms{}", exchange.getRequest().getMethod(), path,
                status == null ? "-" : status.value(), (System.nanoTime() - started) / 1_000_000,
                error == null ? "" : " (" + error.getClass().getSimpleName() + ")");
    }

    /** Just inside the security filters' chain start, so refused calls (401, 403) are logged too. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
