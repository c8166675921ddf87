package hub.citybrain.sharing.query;

import org.springframework.http.HttpHeaders;

import com.fasterxml.jackson.annotation.JsonInclude;

import hub.citybrain.support.web.ApiException;

/**
 * One line of a batch's NDJSON answer: the request line it answers (1-based), the subject key the caller sent on
 * it, and either the answer or, for that line alone, the problem (status and stable code, as a whole request would
 * have had them).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record BatchLine(long line, String subjectKey, int status, QueryAnswer answer, Problem problem) {

    static BatchLine answered(long line, String subjectKey, QueryAnswer answer) {
        return new BatchLine(line, subjectKey, 200, answer, null);
    }

    static BatchLine refused(long line, String subjectKey, int status, String code, String detail) {
        return new BatchLine(line, subjectKey, status, null, new Problem(code, detail, null));
    }

    /** A line refused by a domain condition; its {@code Retry-After} (a quota refusal's) becomes {@code retryAfter}. */
    static BatchLine refused(long line, String subjectKey, ApiException e) {
        String retryAfter = e.headers().get(HttpHeaders.RETRY_AFTER);
        return new BatchLine(line, subjectKey, e.status().value(), null,
                new Problem(e.code(), e.getMessage(), retryAfter == null ? null : Long.valueOf(retryAfter)));
    }

    /** {@code retryAfter}: seconds, as the header would have said for a whole request. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Problem(String code, String detail, Long retryAfter) {
    }
}
