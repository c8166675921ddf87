package hub.citybrain.sharing.audit;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One use of a subject's data, in terms a resident can read: which department, at which level of government,
 * read which fields, when, and for what purpose. Officials' user names and client ids stay out, so that a
 * resident portal can show this as it is.
 *
 * @param fieldsRead the fields the department received (empty when everything was refused or unavailable)
 * @param refusalReason why an attempt was refused (outcome {@code REFUSED}); absent otherwise
 * @param reference the query id, to quote when asking the department or the hub about this use
 */
record SubjectAccess(Instant at, String department, String departmentLevel, List<String> fieldsRead,
        String purpose, String outcome, @JsonInclude(JsonInclude.Include.NON_NULL) String refusalReason,
        String reference) {
}
