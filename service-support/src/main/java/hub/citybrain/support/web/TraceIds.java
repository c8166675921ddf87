package hub.citybrain.support.web;

import org.slf4j.MDC;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.util.ClassUtils;
import org.springframework.web.server.ServerWebExchange;

import io.micrometer.tracing.handler.TracingObservationHandler;

/**
 * The trace id of the request being answered, for the {@code traceId} of a problem document: an operator given
 * the body of an error finds every log line of that request, in every service, by this id. Taken from the
 * request's observation (set up by WebFlux before the security filters run), else from the logging context;
 * absent when the service runs without Micrometer Tracing.
 */
final class TraceIds {

    private static final boolean TRACING = ClassUtils.isPresent(
            "io.micrometer.tracing.handler.TracingObservationHandler", TraceIds.class.getClassLoader());

    private TraceIds() {
    }

    static String of(ServerWebExchange exchange) {
        if (TRACING) {
            String fromObservation = ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                    .map(context -> (TracingObservationHandler.TracingContext) context
                            .get(TracingObservationHandler.TracingContext.class))
                    .map(TracingObservationHandler.TracingContext::getSpan)
                    .map(span -> span.context().traceId())
                    .orElse(null);
            if (fromObservation != null) {
                return fromObservation;
            }
        }
        return MDC.get("traceId");
    }
}
