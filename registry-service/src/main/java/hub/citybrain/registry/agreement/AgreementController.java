package hub.citybrain.registry.agreement;

import java.util.Locale;

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

import hub.citybrain.support.web.ApiException;
import hub.citybrain.identity.Caller;
import hub.citybrain.registry.agreement.AgreementLifecycle.Action;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Agreements: a consumer requests, the provider (or a hub administrator) decides. The role is checked here, the
 * department relation (is the caller this agreement's provider?) in {@link Agreements}.
 */
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
    @PreAuthorize("hasAnyAuthority('dept:query', 'hub:admin')")
    Mono<AgreementView> request(@Validated @RequestBody AgreementRequest request, Caller caller) {
        return agreements.request(request, caller);
    }

    /** approve, reject, suspend, resume or revoke: the provider of the resource or a hub admin. */
    @PostMapping("/{id}/{action:approve|reject|suspend|resume|revoke}")
    @PreAuthorize("hasAnyAuthority('dept:provide', 'hub:admin')")
    Mono<AgreementView> act(
            @PathVariable String id,
            @PathVariable String action,
            @Validated @RequestBody(required = false) TransitionRequest body, Caller caller) {
        return agreements.transition(id, Action.valueOf(action.toUpperCase(Locale.ROOT)), reasonOf(body), caller);
    }

    @GetMapping
    @PreAuthorize("isAuthenticated()")
    Flux<AgreementView> list(Caller caller,
            @RequestParam(required = false) String consumer,
            @RequestParam(required = false) String provider,
            @RequestParam(required = false) String resourceId,
            @RequestParam(required = false) String status) {
        return agreements.list(caller, consumer, provider, resourceId, status);
    }

    /** An agreement the caller may not see is reported as absent, not as forbidden: ids are not disclosed. */
    @GetMapping("/{id}")
    @PreAuthorize("isAuthenticated()")
    Mono<AgreementView> get(Caller caller,
            @PathVariable String id) {
        return agreements.find(caller, id).switchIfEmpty(
                Mono.error(ApiException.notFound("AGREEMENT_NOT_FOUND", "No agreement with id " + id + ".")));
    }

    private static String reasonOf(TransitionRequest body) {
        return body == null ? null : body.reason();
    }
}
