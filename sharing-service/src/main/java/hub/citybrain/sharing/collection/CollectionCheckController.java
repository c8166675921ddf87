package hub.citybrain.sharing.collection;

import java.time.Instant;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import hub.citybrain.events.AccessRecorded;
import hub.citybrain.support.web.ApiException;
import hub.citybrain.identity.Caller;
import hub.citybrain.sharing.access.AccessLog;
import hub.citybrain.sharing.access.CallerAdmission;
import hub.citybrain.sharing.access.RefusalReason;
import reactor.core.publisher.Mono;

@RestController
@PreAuthorize("denyAll")
class CollectionCheckController {

    private final CollectionCheck check;
    private final CallerAdmission admission;
    private final AccessLog accessLog;

    CollectionCheckController(CollectionCheck check, CallerAdmission admission, AccessLog accessLog) {
        this.check = check;
        this.admission = admission;
        this.accessLog = accessLog;
    }

    /**
     * Role {@code dept:query}: the department that would query the hub is the one that plans the collection; it
     * checks for itself (its department, level and region from the token), which is what the burden figures count.
     * 201: a check is recorded, and {@code checkId} names it.
     *
     * <p>The role and the department are checked here, once the request is read, so that a refused check is
     * recorded: as an access record (operation {@code COLLECTION_CHECK}, no subject, the form's labels as the fields
     * asked), which is what reaches the audit log. An answered check is kept as a {@link CheckRecord} for the
     * burden figures, as before.
     */
    @PostMapping("/api/v1/collection-checks")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("isAuthenticated()")
    Mono<CollectionCheckAnswer> check(@Validated @RequestBody CollectionCheckRequest request, Caller caller) {
        ApiException refused = admission.refusal(caller);
        if (refused != null) {
            return accessLog.record(AccessLog.refusal(UUID.randomUUID().toString(), Instant.now(), caller,
                    AccessRecorded.Access.COLLECTION_CHECK, request.subjectType(), null, request.purpose(),
                    request.fields(), RefusalReason.ofCode(refused.code()))).then(Mono.error(refused));
        }
        return check.check(caller, request);
    }
}
