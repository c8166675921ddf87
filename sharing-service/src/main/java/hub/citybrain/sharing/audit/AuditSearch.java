package hub.citybrain.sharing.audit;

import java.time.Instant;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The auditor's filters, all optional, from the query string. A subject is named by type and key together; the
 * key is hashed before it is looked for, since the log holds only the hash. Times are ISO-8601 instants
 * ({@code 2026-05-01T00:00:00Z}), {@code from} inclusive and {@code to} exclusive.
 */
record AuditSearch(
        @Size(max = 64) String consumer,
        @Pattern(regexp = SUBJECT_TYPES, message = SUBJECT_TYPES_MESSAGE) String subjectType,
        @Size(max = 64) String subjectKey,
        @Size(max = 64) String purpose,
        @Pattern(regexp = OUTCOMES, message = OUTCOMES_MESSAGE) String outcome,
        @Pattern(regexp = "ACCESS|AGREEMENT|DEPARTMENT", message = "ACCESS, AGREEMENT or DEPARTMENT") String kind,
        Instant from,
        Instant to,
        @Min(0) @Max(Paging.MAX_PAGE) Integer page,
        @Min(1) @Max(Paging.MAX_SIZE) Integer size) {

    static final String SUBJECT_TYPES = "PERSON|HOUSEHOLD|ENTERPRISE|BUILDING";
    static final String SUBJECT_TYPES_MESSAGE = "PERSON, HOUSEHOLD, ENTERPRISE or BUILDING";
    /** DENIED is what a query with every field denied was before it was counted as REFUSED; old entries keep it. */
    static final String OUTCOMES = "ANSWERED|PARTIAL|UNAVAILABLE|REFUSED|DENIED";
    static final String OUTCOMES_MESSAGE = "ANSWERED, PARTIAL, UNAVAILABLE, REFUSED or DENIED";

    @AssertTrue(message = "subjectType and subjectKey are given together")
    boolean isSubjectComplete() {
        return (subjectType == null) == (subjectKey == null || subjectKey.isBlank());
    }

    @AssertTrue(message = "from must be before to")
    boolean isTimeRangeOrdered() {
        return from == null || to == null || from.isBefore(to);
    }

    Paging paging() {
        return Paging.of(page, size);
    }
}
