package hub.citybrain.gateway;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

import hub.citybrain.identity.ProblemResponses;
import reactor.core.publisher.Mono;

/** Status errors raised by the gateway itself (no route, bad gateway, ...) leave as problem+json too. */
@Component
@Order(-2)
class NotFoundHandler implements WebExceptionHandler {

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (ex instanceof ResponseStatusException status) {
            HttpStatus code = HttpStatus.resolve(status.getStatusCode().value());
            if (code == null) {
                code = HttpStatus.BAD_GATEWAY;
            }
            String stable = switch (code) {
                case NOT_FOUND -> "NOT_FOUND";
                case SERVICE_UNAVAILABLE, BAD_GATEWAY -> "UPSTREAM_UNAVAILABLE";
                case GATEWAY_TIMEOUT -> "UPSTREAM_TIMEOUT";
                default -> "REQUEST_REJECTED";
            };
            return ProblemResponses.write(exchange, code, stable,
                    code == HttpStatus.NOT_FOUND ? "No API at this path." : "The gateway could not complete the request.");
        }
        if (ex instanceof java.net.ConnectException || ex.getCause() instanceof java.net.ConnectException) {
            return ProblemResponses.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "UPSTREAM_UNAVAILABLE",
                    "The service behind this path is not reachable.");
        }
        return Mono.error(ex);
    }
}
