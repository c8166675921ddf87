package hub.citybrain.sharing.audit;

import java.util.regex.Pattern;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import hub.citybrain.support.openapi.ProblemAnswer;
import hub.citybrain.support.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

/**
 * "Who used my data": every use of one subject's data, and every refused attempt at it, newest first
 * ({@code ?outcome=REFUSED} for the attempts alone). Auditors only for now; it is kept apart from
 * the auditor's search, and shows only what a resident may see ({@link SubjectAccess}), so that a resident portal
 * can later open it to the subject themselves.
 */
@RestController
@PreAuthorize("denyAll")
@Tag(name = "Audit")
class SubjectAccessLogController {

    private static final String PAGE = """
            {"items": [
               {"at": "2026-11-30T08:20:01.284Z", "department": "gaoyou.civil-affairs", "departmentLevel": "COUNTY",
                "fieldsRead": ["name", "birthDate", "maritalStatus"], "purpose": "SUBSISTENCE_REVIEW",
                "outcome": "PARTIAL", "reference": "5f0c2a7e-8d41-4c52-9b1e-2f6a0d3c9e17"},
               {"at": "2026-11-29T10:02:44.019Z", "department": "chelu.township-office", "departmentLevel": "TOWNSHIP",
                "fieldsRead": [], "purpose": "SUBSISTENCE_REVIEW", "outcome": "REFUSED",
                "refusalReason": "QUOTA_EXCEEDED", "reference": "c81d4e2f-93a0-4b7c-a5e6-0f2d7b9c1a48"}],
             "page": 0, "size": 20, "totalElements": 2, "totalPages": 1}
            """;

    private static final Pattern SUBJECT_TYPE = Pattern.compile(AuditSearch.SUBJECT_TYPES);
    private static final Pattern OUTCOME = Pattern.compile(AuditSearch.OUTCOMES);

    private final AuditRecords records;

    SubjectAccessLogController(AuditRecords records) {
        this.records = records;
    }

    @Operation(operationId = "subjectAccessLog", summary = "Who used one subject's data",
            description = "Every use of one subject's data and every refused attempt at it, newest first: which "
                    + "department, which fields, for what purpose, with what outcome. Shows only what a resident "
                    + "may see. Auditors (`audit:read`) only, for now.",
            responses = @ApiResponse(responseCode = "200", description = "One page of accesses.",
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "two accesses",
                            value = PAGE))))
    @ProblemAnswer(status = 400, code = "VALIDATION_FAILED",
            detail = "subject type must be PERSON, HOUSEHOLD, ENTERPRISE or BUILDING")
    @GetMapping("/api/v1/subjects/{type}/{key}/access-log")
    @PreAuthorize("hasAuthority('audit:read')")
    Mono<Paging.Page<SubjectAccess>> accessLog(
            @Parameter(description = "PERSON, HOUSEHOLD, ENTERPRISE or BUILDING", example = "PERSON") @PathVariable String type,
            @Parameter(description = "the subject's key, e.g. a resident's ID number", example = "321084196803151313") @PathVariable String key,
            @Parameter(description = "ANSWERED, PARTIAL, UNAVAILABLE, REFUSED or DENIED", example = "REFUSED") @RequestParam(required = false) String outcome,
            @Parameter(description = "page number from 0", example = "0") @RequestParam(required = false) Integer page,
            @Parameter(description = "page size, 1 to 200 (default 20)", example = "20") @RequestParam(required = false) Integer size) {
        if (!SUBJECT_TYPE.matcher(type).matches()) {
            throw ApiException.badRequest("VALIDATION_FAILED", "subject type must be " + AuditSearch.SUBJECT_TYPES_MESSAGE);
        }
        if (key.isBlank() || key.length() > 64) {
            throw ApiException.badRequest("VALIDATION_FAILED", "subject key must be 1 to 64 characters");
        }
        if ((page != null && (page < 0 || page > Paging.MAX_PAGE))
                || (size != null && (size < 1 || size > Paging.MAX_SIZE))) {
            throw ApiException.badRequest("VALIDATION_FAILED",
                    "page must be 0 to " + Paging.MAX_PAGE + " and size 1 to " + Paging.MAX_SIZE);
        }
        if (outcome != null && !OUTCOME.matcher(outcome).matches()) {
            throw ApiException.badRequest("VALIDATION_FAILED", "outcome must be " + AuditSearch.OUTCOMES_MESSAGE);
        }
        return records.subjectLog(type, key, outcome, Paging.of(page, size));
    }
}
