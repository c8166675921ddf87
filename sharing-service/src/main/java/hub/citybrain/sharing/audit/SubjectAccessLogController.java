package hub.citybrain.sharing.audit;

import java.util.regex.Pattern;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import hub.citybrain.support.web.ApiException;
import reactor.core.publisher.Mono;

/**
 * "Who used my data": every use of one subject's data, and every refused attempt at it, newest first
 * ({@code ?outcome=REFUSED} for the attempts alone). Auditors only for now; it is kept apart from
 * the auditor's search, and shows only what a resident may see ({@link SubjectAccess}), so that a resident portal
 * can later open it to the subject themselves.
 */
@RestController
@PreAuthorize("denyAll")
class SubjectAccessLogController {

    private static final Pattern SUBJECT_TYPE = Pattern.compile(AuditSearch.SUBJECT_TYPES);
    private static final Pattern OUTCOME = Pattern.compile(AuditSearch.OUTCOMES);

    private final AuditRecords records;

    SubjectAccessLogController(AuditRecords records) {
        this.records = records;
    }

    @GetMapping("/api/v1/subjects/{type}/{key}/access-log")
    @PreAuthorize("hasAuthority('audit:read')")
    Mono<Paging.Page<SubjectAccess>> accessLog(
            @PathVariable String type,
            @PathVariable String key,
            @RequestParam(required = false) String outcome,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
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
