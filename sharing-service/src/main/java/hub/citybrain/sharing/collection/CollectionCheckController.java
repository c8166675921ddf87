package hub.citybrain.sharing.collection;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import hub.citybrain.identity.Caller;
import reactor.core.publisher.Mono;

@RestController
@PreAuthorize("denyAll")
class CollectionCheckController {

    private final CollectionCheck check;

    CollectionCheckController(CollectionCheck check) {
        this.check = check;
    }

    /**
     * Role {@code dept:query}: the department that would query the hub is the one that plans the collection; it
     * checks for itself (its department, level and region from the token), which is what the burden figures count.
     * 201: a check is recorded, and {@code checkId} names it.
     *
     * <p>The role and the department are checked by {@link CollectionCheck} once the request is read, so that a
     * refused check is recorded (see there).
     */
    @PostMapping("/api/v1/collection-checks")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("isAuthenticated()")
    Mono<CollectionCheckAnswer> check(@Validated @RequestBody CollectionCheckRequest request, Caller caller) {
        return check.check(caller, request);
    }
}
