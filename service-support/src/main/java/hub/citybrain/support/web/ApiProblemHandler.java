package hub.citybrain.support.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.util.DisconnectedClientHelper;

import reactor.core.publisher.Mono;

/**
 * The one error handler of every CityBrain service: each failure leaves as problem+json (RFC 9457) with a stable
 * {@code code}, never a stack trace. Registered by {@link WebSupportAutoConfiguration} beside the 401/403 handlers,
 * so that the whole API speaks one error shape.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ApiProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblemHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e, ServerWebExchange exchange) {
        ResponseEntity<ProblemDetail> answer = problem(e.status(), e.code(), e.getMessage(), exchange, null);
        if (e.headers().isEmpty()) {
            return answer;
        }
        return ResponseEntity.status(answer.getStatusCode())
                .headers(h -> {
                    h.addAll(answer.getHeaders());
                    e.headers().forEach(h::set);
                })
                .body(answer.getBody());
    }

    /** A method-level {@code @PreAuthorize} refusal: the token is fine, the role or relation is missing. */
    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException e, ServerWebExchange exchange) {
        return problem(HttpStatus.FORBIDDEN, ProblemResponses.FORBIDDEN,
                "The token is valid but lacks the role this operation needs.", exchange, null);
    }

    @ExceptionHandler(WebExchangeBindException.class)
    ResponseEntity<ProblemDetail> invalid(WebExchangeBindException e, ServerWebExchange exchange) {
        List<Map<String, String>> errors = e.getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
                .toList();
        return problem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "The request has invalid fields.", exchange,
                errors);
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> unreadable(ServerWebInputException e, ServerWebExchange exchange) {
        return problem(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST",
                "The request body or a parameter could not be read: " + e.getReason(), exchange, null);
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<ProblemDetail> status(ResponseStatusException e, ServerWebExchange exchange) {
        HttpStatusCode code = e.getStatusCode();
        HttpStatus known = HttpStatus.resolve(code.value());
        return problem(code, known == null ? "REQUEST_REJECTED" : StatusProblemHandler.codeFor(known), e.getReason(),
                exchange, null);
    }

    /**
     * Anything else is a 500 with a stable code and no stack trace in the body, logged once with its trace id. A
     * client that went away, or an answer already on its way, leaves nothing to write: that is not the service's
     * failure, so it is noted at debug level and nothing is written (writing a problem there failed once more, on
     * the committed response's read-only headers, and logged two ERROR stacks per dropped connection under load).
     */
    @ExceptionHandler(Exception.class)
    Mono<ResponseEntity<ProblemDetail>> unexpected(Exception e, ServerWebExchange exchange) {
        if (exchange.getResponse().isCommitted() || DisconnectedClientHelper.isClientDisconnectedException(e)) {
            log.debug("Client gone or answer already begun on {}: {}", exchange.getRequest().getPath(), e.toString());
            return Mono.empty();
        }
        if (StatusProblemHandler.upstreamGone(e)) {
            // behind the gateway, WebFlux hands a routed request's failure to this advice before any
            // WebExceptionHandler sees it: a service that refused or dropped the connection is a 503 to retry
            log.warn("Upstream not reachable for {}: {}", exchange.getRequest().getPath(), e.toString());
            ResponseEntity<ProblemDetail> unavailable = problem(HttpStatus.SERVICE_UNAVAILABLE, "UPSTREAM_UNAVAILABLE",
                    "The service behind this path is not reachable now; try again shortly.", exchange, null);
            return Mono.just(ResponseEntity.status(unavailable.getStatusCode()).headers(unavailable.getHeaders())
                    .header(HttpHeaders.RETRY_AFTER, StatusProblemHandler.RETRY_AFTER_SECONDS)
                    .body(unavailable.getBody()));
        }
        log.error("Unexpected failure on {}", exchange.getRequest().getPath(), e);
        return Mono.just(problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                "The service could not complete the request.", exchange, null));
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatusCode status, String code, String detail,
            ServerWebExchange exchange, Object errors) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setInstance(URI.create(exchange.getRequest().getPath().value()));
        body.setProperty("code", code);
        String traceId = TraceIds.of(exchange);
        if (traceId != null) {
            body.setProperty("traceId", traceId);
        }
        if (errors != null) {
            body.setProperty("errors", errors);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }
}
