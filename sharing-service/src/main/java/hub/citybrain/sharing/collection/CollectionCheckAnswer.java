package hub.citybrain.sharing.collection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The hub's answer to a planned collection: each label's outcome, then the verdict. */
record CollectionCheckAnswer(String checkId, Instant checkedAt, String subjectType, int subjects, String purpose,
        List<FieldOutcome> fields, Verdict verdict) {

    /**
     * HELD: a source shares it, so the form need not ask for it. NOT_SHARED: a source holds it but the catalog
     * does not share it. NEW: no source holds it. AMBIGUOUS: the label matches several fields ({@code candidates});
     * name the field instead. SUBJECT_KEY: the identifier that names the subject; every source holds it, and every
     * query needs it, so it is neither saved nor to collect.
     */
    enum Status {
        HELD, NOT_SHARED, NEW, AMBIGUOUS, SUBJECT_KEY
    }

    /**
     * For a HELD field, what it takes this department to read it for the form's purpose: AGREED (an ACTIVE agreement
     * in force, made for that purpose, covers it),
     * UNCONDITIONAL (ask, and the agreement is ACTIVE at once), CONDITIONAL (ask; the provider decides).
     */
    enum Access {
        AGREED, UNCONDITIONAL, CONDITIONAL
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FieldOutcome(String label, Status status, String field, Source source, Access access, String agreementId,
            List<String> candidates) {
    }

    /** The source a query for this field would call (the authoritative one, 一数一源). */
    record Source(String resource, String department, String level, boolean authoritative) {
    }

    /**
     * @param held distinct catalog fields the hub can supply
     * @param fieldsSaved {@code held x subjects}: field values the grassroots need not collect
     * @param toCollect the labels the form must still collect (NEW and NOT_SHARED)
     * @param fieldsToCollect {@code toCollect x subjects}
     * @param unresolved AMBIGUOUS labels, to name more precisely and check again
     * @param requestAgreements one ready-made agreement request per source for the HELD fields not yet AGREED
     */
    record Verdict(int held, long fieldsSaved, List<String> toCollect, long fieldsToCollect, List<String> unresolved,
            List<AgreementHint> requestAgreements) {
    }

    /**
     * A link-style hint: POST {@code body} (completed with {@code stillNeeded}) to {@code href}. {@code grantedAtOnce}
     * is true when every field is UNCONDITIONAL.
     */
    record AgreementHint(String method, String href, String provider, boolean grantedAtOnce, Map<String, Object> body,
            List<String> stillNeeded) {
    }
}
