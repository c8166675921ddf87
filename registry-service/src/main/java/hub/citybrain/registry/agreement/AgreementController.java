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
import hub.citybrain.support.openapi.ProblemAnswer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Agreements: a consumer requests, the provider (or a hub administrator) decides. The role is checked here, the
 * department relation (is the caller this agreement's provider?) in {@link Agreements}.
 */
@RestController
@PreAuthorize("denyAll")
@RequestMapping("/api/v1/agreements")
@Tag(name = "Agreements", description = "Data-sharing agreements (共享协议): which department may read which fields of "
        + "which resource, for what purpose, until when and how often a day. REQUESTED → ACTIVE | REJECTED, "
        + "ACTIVE ⇄ SUSPENDED, ACTIVE | SUSPENDED → REVOKED | EXPIRED.")
class AgreementController {

    private final Agreements agreements;

    AgreementController(Agreements agreements) {
        this.agreements = agreements;
    }

    @Operation(operationId = "requestAgreement", summary = "Request an agreement",
            description = "A consumer department asks for fields of a catalog resource, for a purpose (its code is "
                    + "what queries must name), with a legal basis, a validity period and a daily quota. If every "
                    + "field is UNCONDITIONAL the agreement is ACTIVE at once; otherwise it is REQUESTED and the "
                    + "provider answers by `replyBy` (5 working days). `consumer` may be left out (the caller's own "
                    + "department); only a hub admin may name another. A client-chosen `id` makes a repeat answer 409 "
                    + "AGREEMENT_EXISTS, so loading is idempotent.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", examples = @ExampleObject(name = "dibao review",
                            summary = "Gaoyou civil affairs asks Yangzhou civil affairs for marital and allowance records",
                            value = AgreementApiExamples.REQUEST))),
            responses = @ApiResponse(responseCode = "201", description = "Recorded: REQUESTED, or ACTIVE at once.",
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "requested",
                            value = AgreementApiExamples.REQUESTED))))
    @ProblemAnswer(status = 400, code = "INVALID_VALIDITY", detail = "validUntil must be after validFrom.")
    @ProblemAnswer(status = 400, code = "CONSUMER_REQUIRED",
            detail = "Name the consumer department this agreement is requested for.")
    @ProblemAnswer(status = 403, code = "FORBIDDEN",
            detail = "A department requests agreements for itself only, not for chelu.township-office.")
    @ProblemAnswer(status = 409, code = "AGREEMENT_EXISTS",
            detail = "An agreement with id agr-gaoyou-civil-affairs-resident already exists.")
    @ProblemAnswer(status = 422, code = "UNKNOWN_DEPARTMENT",
            detail = "No department with code gaoyou.civil-affair is registered.")
    @ProblemAnswer(status = 422, code = "UNKNOWN_RESOURCE",
            detail = "No resource with id res-yangzhou-civil-affairs-residents is in the catalog.")
    @ProblemAnswer(status = 422, code = "UNKNOWN_FIELD",
            detail = "Resource res-yangzhou-civil-affairs-resident has no field income.")
    @ProblemAnswer(status = 422, code = "FIELD_NOT_SHARED",
            detail = "Field partyMember of res-gaoyou-organisation-party-member is classified NOT_SHARED.")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyAuthority('dept:query', 'hub:admin')")
    Mono<AgreementView> request(@Validated @RequestBody AgreementRequest request, Caller caller) {
        return agreements.request(request, caller);
    }

    /** approve, reject, suspend, resume or revoke: the provider of the resource or a hub admin. */
    @Operation(operationId = "changeAgreement", summary = "Approve, reject, suspend, resume or revoke an agreement",
            description = "Moves the agreement one step through its lifecycle: approve or reject a REQUESTED one, "
                    + "suspend an ACTIVE one, resume a SUSPENDED one, revoke an ACTIVE or SUSPENDED one. reject, "
                    + "suspend and revoke must say why (`reason`, which the consumer reads); approve and resume may. "
                    + "The provider of the resource (`dept:provide`, its own agreements) or a hub admin. The sharing "
                    + "service honours the change within about a second.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false, content = @Content(
                    mediaType = "application/json", examples = @ExampleObject(name = "approve with a reason",
                            value = AgreementApiExamples.TRANSITION))),
            responses = @ApiResponse(responseCode = "200", description = "The agreement after the step.",
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "approved",
                            value = AgreementApiExamples.APPROVED))))
    @ProblemAnswer(status = 400, code = "REASON_REQUIRED", detail = "Say why: REJECT needs a non-blank reason.")
    @ProblemAnswer(status = 403, code = "FORBIDDEN", detail = "Only the provider of res-yangzhou-civil-affairs-resident "
            + "(yangzhou.civil-affairs) or a hub administrator may approve this agreement.")
    @ProblemAnswer(status = 404, code = "AGREEMENT_NOT_FOUND",
            detail = "No agreement with id agr-gaoyou-civil-affairs-resident.")
    @ProblemAnswer(status = 409, code = "ILLEGAL_TRANSITION",
            detail = "Action APPROVE is not allowed: the agreement is REVOKED, which is final.")
    @ProblemAnswer(status = 409, code = "CONCURRENT_MODIFICATION", detail = "Agreement agr-gaoyou-civil-affairs-resident "
            + "was changed by someone else at the same time; read it and try again.")
    @PostMapping("/{id}/{action:approve|reject|suspend|resume|revoke}")
    @PreAuthorize("hasAnyAuthority('dept:provide', 'hub:admin')")
    Mono<AgreementView> act(
            @Parameter(description = "the agreement id", example = "agr-gaoyou-civil-affairs-resident") @PathVariable String id,
            @Parameter(description = "the step", example = "approve",
                    schema = @Schema(allowableValues = { "approve", "reject", "suspend", "resume", "revoke" })) @PathVariable String action,
            @Validated @RequestBody(required = false) TransitionRequest body, Caller caller) {
        return agreements.transition(id, Action.valueOf(action.toUpperCase(Locale.ROOT)), reasonOf(body), caller);
    }

    @Operation(operationId = "listAgreements", summary = "List agreements",
            description = "Agreements matching every filter given, by id, each with its full history (who, when, "
                    + "why). A department sees the agreements it consumes or provides; hub admins and auditors "
                    + "(`audit:read`) see all.",
            responses = @ApiResponse(responseCode = "200", description = "The agreements the caller may see.",
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "active",
                            summary = "?consumer=gaoyou.civil-affairs&status=ACTIVE",
                            value = "[" + AgreementApiExamples.APPROVED + "]"))))
    @GetMapping
    @PreAuthorize("isAuthenticated()")
    Flux<AgreementView> list(Caller caller,
            @Parameter(description = "the consumer department's code", example = "gaoyou.civil-affairs") @RequestParam(required = false) String consumer,
            @Parameter(description = "the provider department's code", example = "yangzhou.civil-affairs") @RequestParam(required = false) String provider,
            @Parameter(description = "the catalog resource", example = "res-yangzhou-civil-affairs-resident") @RequestParam(required = false) String resourceId,
            @Parameter(description = "REQUESTED, ACTIVE, REJECTED, SUSPENDED, REVOKED or EXPIRED", example = "ACTIVE") @RequestParam(required = false) String status) {
        return agreements.list(caller, consumer, provider, resourceId, status);
    }

    /** An agreement the caller may not see is reported as absent, not as forbidden: ids are not disclosed. */
    @Operation(operationId = "getAgreement", summary = "Read one agreement",
            description = "One agreement with its history. An agreement the caller may not see (neither its consumer "
                    + "nor its provider, not an admin or auditor) is reported as absent: ids are not disclosed.",
            responses = @ApiResponse(responseCode = "200", description = "The agreement.",
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "active",
                            value = AgreementApiExamples.APPROVED))))
    @ProblemAnswer(status = 404, code = "AGREEMENT_NOT_FOUND",
            detail = "No agreement with id agr-gaoyou-civil-affairs-resident.")
    @GetMapping("/{id}")
    @PreAuthorize("isAuthenticated()")
    Mono<AgreementView> get(Caller caller,
            @Parameter(description = "the agreement id", example = "agr-gaoyou-civil-affairs-resident") @PathVariable String id) {
        return agreements.find(caller, id).switchIfEmpty(
                Mono.error(ApiException.notFound("AGREEMENT_NOT_FOUND", "No agreement with id " + id + ".")));
    }

    private static String reasonOf(TransitionRequest body) {
        return body == null ? null : body.reason();
    }
}
