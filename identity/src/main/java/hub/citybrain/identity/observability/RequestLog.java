package hub.citybrain.identity.observability;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * One line per answered request (method, path, status, time), written inside the request's trace so that it
 * carries the trace id: following one query across the gateway and the services starts from these lines.
 * Probes and scrapes under {@code /actuator} are left out; they would drown the rest. The path is logged, never
 * the query string or body (a subject's ID number travels in the body).
 */
public class RequestLog implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger("hub.citybrain.request");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (path.startsWith("/actuator")) {
            return chain.filter(exchange);
        }
        long started = System.nanoTime();
        return chain.filter(exchange)
                .doOnSuccess(done -> log(exchange, path, started, null))
                .doOnError(error -> log(exchange, path, started, error));
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
