package hub.citybrain.sharing.query;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import hub.citybrain.identity.Caller;
import reactor.core.publisher.Mono;

@RestController
@PreAuthorize("denyAll")
class QueryController {

    private final FederatedQuery query;

    QueryController(FederatedQuery query) {
        this.query = query;
    }

    /** Role {@code dept:query} (see SecurityConfiguration); the caller's department is taken from the token. */
    @PostMapping("/api/v1/queries")
    @PreAuthorize("hasAuthority('dept:query')")
    Mono<QueryAnswer> query(@Validated @RequestBody QueryRequest request, Caller caller) {
        return query.answer(caller, request);
    }
}
