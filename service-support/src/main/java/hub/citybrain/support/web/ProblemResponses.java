package hub.citybrain.support.web;

import java.nio.charset.StandardCharsets;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * 401 and 403 as RFC 9457 problem documents with a stable {@code code}, so that a department system gets the
 * same error shape from the security layer as from the services' own handlers.
 */
public final class ProblemResponses {

    public static final String UNAUTHENTICATED = "UNAUTHENTICATED";
    public static final String FORBIDDEN = "FORBIDDEN";
    public static final String IDENTITY_UNAVAILABLE = "IDENTITY_UNAVAILABLE";

    private ProblemResponses() {
    }

    public static ServerAuthenticationEntryPoint authenticationEntryPoint() {
        return (exchange, ex) -> {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"citybrain\"");
            return write(exchange, HttpStatus.UNAUTHORIZED, UNAUTHENTICATED,
                    "A valid bearer token from the citybrain realm is required.");
        };
    }

    /**
     * A token that cannot be checked because the realm's keys are unreachable is the hub's problem, not the
     * caller's: 503 with {@code IDENTITY_UNAVAILABLE}, so clients retry instead of discarding their token.
     * Every other authentication failure is a 401.
     */
    public static ServerAuthenticationFailureHandler authenticationFailureHandler() {
        ServerAuthenticationEntryPoint unauthenticated = authenticationEntryPoint();
        return (webFilterExchange, ex) -> {
            if (ex instanceof AuthenticationServiceException) {
                webFilterExchange.getExchange().getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
                return write(webFilterExchange.getExchange(), HttpStatus.SERVICE_UNAVAILABLE, IDENTITY_UNAVAILABLE,
                        "The identity provider's signing keys could not be obtained; try again shortly.");
            }
            return unauthenticated.commence(webFilterExchange.getExchange(), ex);
        };
    }

    public static ServerAccessDeniedHandler accessDeniedHandler() {
        return (exchange, ex) -> write(exchange, HttpStatus.FORBIDDEN, FORBIDDEN,
                "The token is valid but lacks the role this operation needs.");
    }

    public static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String code, String detail) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (hasUnreadBody(exchange)) {
            // Refused before its body was read: a kept-alive connection would carry the unread bytes into the
            // client's next request, which then never gets an answer. Close it instead.
            response.getHeaders().set(HttpHeaders.CONNECTION, "close");
        }
        String body = "{\"type\":\"about:blank\",\"title\":" + quote(status.getReasonPhrase())
                + ",\"status\":" + status.value()
                + ",\"code\":" + quote(code)
                + ",\"detail\":" + quote(detail)
                + ",\"instance\":" + quote(exchange.getRequest().getPath().value())
                + traceIdMember(exchange) + "}";
        DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }

    private static String traceIdMember(ServerWebExchange exchange) {
        String traceId = TraceIds.of(exchange);
        return traceId == null ? "" : ",\"traceId\":" + quote(traceId);
    }

    private static boolean hasUnreadBody(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
