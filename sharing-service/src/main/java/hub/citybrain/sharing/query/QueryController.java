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

    /** Role {@code dept:query} (see SecurityConfiguration); the caller's department is taken from the token. */
    @PostMapping("/api/v1/queries")
    @PreAuthorize("hasAuthority('dept:query')")
    Mono<QueryAnswer> query(@Validated @RequestBody QueryRequest request, Caller caller) {
        return query.answer(caller, request);
    }

    /**
     * Many subjects at once: one query object per NDJSON line in, one {@link BatchLine} per line out, in the order
     * the answers are ready (each names its request line).
     */
    @PostMapping(path = "/api/v1/queries/batch", consumes = NDJSON, produces = NDJSON)
    @PreAuthorize("hasAuthority('dept:query')")
    Flux<BatchLine> batch(@RequestBody Flux<String> lines, Caller caller) {
        return batch.answer(caller, lines);
    }
}
