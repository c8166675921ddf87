package hub.citybrain.sharing.query;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import hub.citybrain.identity.Caller;
import hub.citybrain.support.openapi.ProblemAnswer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@PreAuthorize("denyAll")
@Tag(name = "Queries", description = "The federated query: one subject's fields from every authoritative source at "
        + "once, as the caller's agreements allow, with provenance; or many subjects as NDJSON.")
class QueryController {

    private static final String ADMISSION = " The role `dept:query` and the department (token claim `dept`, not "
            + "deactivated) are checked once the request is read, so that a refused attempt is recorded like an "
            + "answered one.";

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
    @Operation(operationId = "query", summary = "Ask for one subject's fields",
            description = "Plans the query from the caller's agreements (an agreement covers a field only for queries "
                    + "made for its own purpose code), counts each agreement drawn on against its daily quota, calls "
                    + "every source at once (or answers from the fact cache), records the access durably, then "
                    + "answers. Each field given carries its source and when it was collected. A field the caller may "
                    + "not have is in `denied` with its reason (`NO_AGREEMENT`, `PURPOSE_MISMATCH`, `NOT_SHARED`, "
                    + "`EXPIRED`, `SUSPENDED`, `UNKNOWN_FIELD`): still a 200. A source that failed or was too slow is "
                    + "in `unavailable` (`TIMEOUT`, `SOURCE_ERROR`, `NOT_FOUND`, `BAD_RESPONSE`)." + ADMISSION,
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", examples = @ExampleObject(name = "subsistence review",
                            summary = "Gaoyou civil affairs reviews a subsistence allowance",
                            value = QueryApiExamples.REQUEST))),
            responses = @ApiResponse(responseCode = "200", description = "The answer, field by field.",
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "partial",
                            value = QueryApiExamples.ANSWER))))
    @ProblemAnswer(status = 400, code = "TOO_MANY_FIELDS", detail = "A query may ask for at most 100 fields.")
    @ProblemAnswer(status = 403, code = "FORBIDDEN", detail = "The token is valid but lacks the role this operation needs.")
    @ProblemAnswer(status = 422, code = "NO_DEPARTMENT", detail = "The token does not name a department (claim 'dept'); "
            + "the hub is asked on a department's behalf.")
    @ProblemAnswer(status = 429, code = "QUOTA_EXCEEDED", detail = "Agreement agr-gaoyou-civil-affairs-population allows "
            + "5000 queries a day; today's (Asia/Shanghai) are used up.")
    @PostMapping("/api/v1/queries")
    @PreAuthorize("isAuthenticated()")
    Mono<QueryAnswer> query(@Validated @RequestBody QueryRequest request, Caller caller) {
        return query.answer(caller, request);
    }

    /**
     * Many subjects at once: one query object per NDJSON line in, one {@link BatchLine} per line out, in the order
     * the answers are ready (each names its request line).
     */
    @Operation(operationId = "queryBatch", summary = "Ask about many subjects at once (NDJSON)",
            description = "One query object per line in (`application/x-ndjson`), one line per subject out, streamed "
                    + "in the order the answers are ready; each names its request line. Each line is answered like "
                    + "one query (agreements, quota, cache, access record). A line that is not a valid query, or is "
                    + "refused (e.g. `QUOTA_EXCEEDED`, with `retryAfter` in seconds), gets its own `status` and "
                    + "`problem` and the other lines go on. Read the answer while still sending (full duplex): "
                    + "answers flow before the last line is sent." + ADMISSION + " A refused caller's whole batch is "
                    + "refused with one problem, after each well-formed line was recorded as a refused attempt.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = NDJSON, examples = @ExampleObject(name = "two lines", value = QueryApiExamples.BATCH_REQUEST))),
            responses = @ApiResponse(responseCode = "200", description = "One BatchLine per request line.",
                    content = @Content(mediaType = NDJSON, examples = @ExampleObject(name = "one bad line",
                            value = QueryApiExamples.BATCH_ANSWER))))
    @ProblemAnswer(status = 403, code = "FORBIDDEN", detail = "The token is valid but lacks the role this operation needs.")
    @ProblemAnswer(status = 422, code = "NO_DEPARTMENT", detail = "The token does not name a department (claim 'dept'); "
            + "the hub is asked on a department's behalf.")
    @PostMapping(path = "/api/v1/queries/batch", consumes = NDJSON, produces = NDJSON)
    @PreAuthorize("isAuthenticated()") // the role, as for one query, is checked once the lines are read
    Flux<BatchLine> batch(@RequestBody Flux<String> lines, Caller caller) {
        return batch.answer(caller, lines);
    }
}
