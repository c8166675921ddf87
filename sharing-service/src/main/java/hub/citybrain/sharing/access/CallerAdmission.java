package hub.citybrain.sharing.access;

import java.util.function.Function;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import hub.citybrain.events.AccessRecorded;
import hub.citybrain.support.web.ApiException;
import hub.citybrain.identity.Caller;
import hub.citybrain.identity.DepartmentStatus;
import hub.citybrain.support.web.ProblemResponses;
import hub.citybrain.identity.Roles;
import reactor.core.publisher.Mono;

/**
 * Whether a caller may ask the hub about subjects at all: queries, batch lines and collection checks. This is
 * decided here, after the request was read, and not by {@code @PreAuthorize} before it, so that a refused attempt
 * is known (who, about which subject, for what) and can be recorded like an answered one.
 */
@Component
public class CallerAdmission {

    private final DepartmentStatus departments;
    private final AccessLog accessLog;

    CallerAdmission(DepartmentStatus departments, AccessLog accessLog) {
        this.departments = departments;
        this.accessLog = accessLog;
    }

    /**
     * Admits the caller (empty), or records the refused attempt, which {@code attempt} builds from the reason, and
     * then fails with the refusal: only once the record is durable does the refusal leave.
     */
    public Mono<Void> admit(Caller caller, Function<RefusalReason, AccessRecorded.Access> attempt) {
        ApiException refused = refusal(caller);
        return refused == null ? Mono.empty()
                : accessLog.record(attempt.apply(RefusalReason.ofCode(refused.code()))).then(Mono.error(refused));
    }

    /** Why this caller is refused, or null: the role first (as the method security did), then the department. */
    public ApiException refusal(Caller caller) {
        if (!caller.hasRole(Roles.QUERY)) {
            // the same code and words as the security layer's own 403
            return new ApiException(HttpStatus.FORBIDDEN, ProblemResponses.FORBIDDEN,
                    "The token is valid but lacks the role this operation needs.");
        }
        if (!caller.actsForDepartment()) {
            return ApiException.unprocessable(RefusalReason.NO_DEPARTMENT.name(), "The token does not name a "
                    + "department (claim 'dept'); the hub is asked on a department's behalf.");
        }
        if (departments.isInactive(caller.department())) {
            return DepartmentStatus.refusal(caller.department());
        }
        return null;
    }
}
