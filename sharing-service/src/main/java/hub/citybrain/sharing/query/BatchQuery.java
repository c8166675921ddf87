package hub.citybrain.sharing.query;

import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import hub.citybrain.support.web.ApiException;
import hub.citybrain.identity.Caller;
import hub.citybrain.sharing.SharingProperties;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Many subjects in one request: each NDJSON line is an ordinary query and gets an ordinary answer (agreements,
 * quota, cache, access record: all as for a single query, a refused line recorded as refused), written out as soon
 * as it is ready. At most
 * {@code batch-concurrency} lines are in flight and a line is read from the request only when one finished, so the
 * service holds a few lines at a time however many are sent. A bad line costs only itself: it is answered with
 * its own status and code, and the rest go on.
 */
@Component
class BatchQuery {

    private static final Logger log = LoggerFactory.getLogger(BatchQuery.class);

    private final FederatedQuery query;
    private final JsonMapper json;
    private final Validator validator;
    private final int concurrency;

    BatchQuery(FederatedQuery query, JsonMapper json, Validator validator, SharingProperties properties) {
        this.query = query;
        this.json = json;
        this.validator = validator;
        this.concurrency = properties.batchConcurrency();
    }

    Flux<BatchLine> answer(Caller caller, Flux<String> lines) {
        Flux<Tuple2<Long, String>> numbered = lines.index().filter(line -> !line.getT2().isBlank());
        ApiException refused = query.refusal(caller);
        if (refused != null) {
            // The whole batch is refused with one status, as before; but every line that is a well-formed query is
            // an attempt on a subject, so each is read and recorded as refused before the refusal leaves.
            return numbered
                    .flatMap(line -> {
                        Parsed parsed = parse(line.getT1() + 1, line.getT2());
                        return parsed.valid() == null ? Mono.<QueryAnswer>empty()
                                // the line's own refusal, recorded; a failure to record it fails the batch
                                : query.answer(caller, parsed.valid()).onErrorResume(ApiException.class,
                                        e -> Mono.empty());
                    }, concurrency, 1)
                    .thenMany(Flux.<BatchLine>error(refused));
        }
        return numbered
                // prefetch 1: the next line is read only when a slot is free, so memory stays flat
                .flatMap(line -> one(caller, line.getT1() + 1, line.getT2()), concurrency, 1);
    }

    /** A line read: either a valid query, or the problem that answers the line. */
    private record Parsed(QueryRequest valid, BatchLine problem) {
    }

    private Parsed parse(long line, String text) {
        QueryRequest request;
        try {
            request = json.readValue(text, QueryRequest.class);
        } catch (JacksonException e) {
            return new Parsed(null, BatchLine.refused(line, null, 400, "MALFORMED_REQUEST",
                    "Line " + line + " is not a JSON query object."));
        }
        Set<ConstraintViolation<QueryRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            String detail = violations.stream()
                    .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                    .map(v -> v.getPropertyPath() + ": " + v.getMessage())
                    .collect(Collectors.joining("; "));
            return new Parsed(null, BatchLine.refused(line, request.subjectKey(), 400, "VALIDATION_FAILED", detail));
        }
        return new Parsed(request, null);
    }

    private Mono<BatchLine> one(Caller caller, long line, String text) {
        Parsed parsed = parse(line, text);
        if (parsed.problem() != null) {
            return Mono.just(parsed.problem());
        }
        QueryRequest request = parsed.valid();
        return query.answer(caller, request)
                .map(answer -> BatchLine.answered(line, request.subjectKey(), answer))
                .onErrorResume(ApiException.class, e -> Mono.just(BatchLine.refused(line, request.subjectKey(), e)))
                .onErrorResume(e -> {
                    log.warn("Batch line {} failed: {}", line, e.toString());
                    return Mono.just(BatchLine.refused(line, request.subjectKey(), 503, "TEMPORARILY_UNAVAILABLE",
                            "This line could not be answered now; send it again."));
                });
    }
}
