package hub.citybrain.registry.agreement;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import hub.citybrain.identity.Caller;
import hub.citybrain.identity.ApiException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@PreAuthorize("denyAll")
@RequestMapping("/api/v1/agreements")
class AgreementController {

    private final Agreements agreements;

    AgreementController(Agreements agreements) {
        this.agreements = agreements;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAuthority('hub:admin')")
    Mono<AgreementView> create(@Validated @RequestBody AgreementRequest request, Caller caller) {
        return agreements.createActive(request, caller);
    }

    @GetMapping
    @PreAuthorize("isAuthenticated()")
    Flux<AgreementView> list(Caller caller, @RequestParam(required = false) String consumer,
            @RequestParam(required = false) String resourceId, @RequestParam(required = false) String status) {
        return agreements.list(caller, consumer, resourceId, status);
    }

    /** An agreement the caller may not see is reported as absent, not as forbidden: ids are not disclosed. */
    @GetMapping("/{id}")
    @PreAuthorize("isAuthenticated()")
    Mono<AgreementView> get(Caller caller, @PathVariable String id) {
        return agreements.find(caller, id).switchIfEmpty(
                Mono.error(ApiException.notFound("AGREEMENT_NOT_FOUND", "No agreement with id " + id + ".")));
    }
}
