package hub.citybrain.support.web;

import java.net.ConnectException;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

import reactor.core.publisher.Mono;

/**
 * Errors raised outside any controller (no handler for the path, method not allowed, an unreachable upstream
 * behind the gateway, an {@link ApiException} from a web filter) leave as problem+json too, before Boot's default
 * error page can answer.
 */
@Order(-2)
public class StatusProblemHandler implements WebExceptionHandler {

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (ex instanceof ApiException api) {
            return ProblemResponses.write(exchange, api.status(), api.code(), api.getMessage());
        }
        if (ex instanceof ResponseStatusException status) {
            HttpStatus code = HttpStatus.resolve(status.getStatusCode().value());
            if (code == null) {
                code = HttpStatus.BAD_GATEWAY;
            }
            String stable = codeFor(code);
            String detail = switch (code) {
                case NOT_FOUND -> "No API at this path.";
                case METHOD_NOT_ALLOWED -> "This path does not accept that method.";
                default -> code.is4xxClientError() ? String.valueOf(status.getReason())
                        : "The request could not be completed.";
            };
            return ProblemResponses.write(exchange, code, stable, detail);
        }
        if (upstreamGone(ex) && !exchange.getResponse().isCommitted()) {
            // a service behind the gateway refused the connection or dropped it before answering (killed, restarting):
            // a 503 the client may retry, never a 500 that reads like the hub's own bug
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
            return ProblemResponses.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "UPSTREAM_UNAVAILABLE",
                    "The service behind this path is not reachable now; try again shortly.");
        }
        return Mono.error(ex);
    }

    static final String RETRY_AFTER_SECONDS = "5";

    /** A refused connection, or one closed before the answer began, anywhere in the cause chain. */
    static boolean upstreamGone(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException
                    || "reactor.netty.http.client.PrematureCloseException".equals(t.getClass().getName())) {
                return true;
            }
        }
        return false;
    }

    /** The stable code of a bare HTTP status, shared with {@link ApiProblemHandler}. */
    static String codeFor(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "NOT_FOUND";
            case METHOD_NOT_ALLOWED -> "METHOD_NOT_ALLOWED";
            case UNSUPPORTED_MEDIA_TYPE -> "UNSUPPORTED_MEDIA_TYPE";
            case NOT_ACCEPTABLE -> "NOT_ACCEPTABLE";
            case SERVICE_UNAVAILABLE, BAD_GATEWAY -> "UPSTREAM_UNAVAILABLE";
            case GATEWAY_TIMEOUT -> "UPSTREAM_TIMEOUT";
            default -> status.is4xxClientError() ? "REQUEST_REJECTED" : "INTERNAL_ERROR";
        };
    }
}
