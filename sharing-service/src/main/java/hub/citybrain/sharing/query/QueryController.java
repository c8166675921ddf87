package hub.citybrain.sharing.query;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import hub.citybrain.identity.Caller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@PreAuthorize("denyAll")
class QueryController {

    static final String NDJSON = "application/x-ndjson";

    private final FederatedQuery query;
    private final BatchQuery batch;

    QueryController(FederatedQuery query, BatchQuery batch) {
        this.query = query;
        this.batch = batch;
    }

    /**
     * Role {@code dept:query}, checked by the query itself once the request is read (CallerAdmission), so that a
     * refused attempt is recorded with its subject; the caller's department is taken from the token.
     */
    @PostMapping("/api/v1/queries")
    @PreAuthorize("isAuthenticated()")
    Mono<QueryAnswer> query(@Validated @RequestBody QueryRequest request, Caller caller) {
        return query.answer(caller, request);
    }

    /**
     * Many subjects at once: one query object per NDJSON line in, one {@link BatchLine} per line out, in the order
     * the answers are ready (each names its request line).
     */
    @PostMapping(path = "/api/v1/queries/batch", consumes = NDJSON, produces = NDJSON)
    @PreAuthorize("isAuthenticated()") // the role, as for one query, is checked once the lines are read
    Flux<BatchLine> batch(@RequestBody Flux<String> lines, Caller caller) {
        return batch.answer(caller, lines);
    }
}
