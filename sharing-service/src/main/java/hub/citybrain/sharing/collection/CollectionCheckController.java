package hub.citybrain.sharing.collection;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import hub.citybrain.identity.Caller;
import hub.citybrain.support.openapi.ProblemAnswer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

@RestController
@PreAuthorize("denyAll")
@Tag(name = "Collection checks", description = "Before a grassroots office collects a form, the hub says which of its "
        + "columns a source already holds (and need not be asked again), which must still be collected, and which "
        + "agreements to request.")
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
    @Operation(operationId = "checkCollection", summary = "Check a planned collection form against the catalog",
            description = "Each column label (a catalog field name or the form's own wording, matched against the "
                    + "fields' aliases) comes back HELD (a source shares it: with the access it takes, AGREED, "
                    + "UNCONDITIONAL or CONDITIONAL), NOT_SHARED, NEW, AMBIGUOUS (name the field instead) or "
                    + "SUBJECT_KEY; the verdict counts the field values saved and lists ready-made agreement "
                    + "requests. The check is recorded for the burden figures. The role `dept:query` and the "
                    + "department (token claim `dept`, not deactivated) are checked once the request is read, so "
                    + "that a refused check is recorded.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", examples = @ExampleObject(name = "dibao form",
                            summary = "A township's subsistence review form, 1200 households",
                            value = CollectionCheckApiExamples.REQUEST))),
            responses = @ApiResponse(responseCode = "201", description = "Checked and recorded; `checkId` names it.",
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "verdict",
                            value = CollectionCheckApiExamples.ANSWER))))
    @ProblemAnswer(status = 403, code = "FORBIDDEN", detail = "The token is valid but lacks the role this operation needs.")
    @ProblemAnswer(status = 422, code = "NO_DEPARTMENT", detail = "The token does not name a department (claim 'dept'); "
            + "the hub is asked on a department's behalf.")
    @PostMapping("/api/v1/collection-checks")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("isAuthenticated()")
    Mono<CollectionCheckAnswer> check(@Validated @RequestBody CollectionCheckRequest request, Caller caller) {
        return check.check(caller, request);
    }
}
