package hub.citybrain.sharing.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The merged answer: each given field with where it came from, plus what was refused or could not be had. */
record QueryAnswer(String queryId, String subjectType, String purpose, Instant answeredAt,
        Map<String, FieldValue> fields, List<Denied> denied, List<Unavailable> unavailable) {

    /** {@code cached}: served from the fact cache; {@code collectedAt} is when the source gave it. */
    record FieldValue(Object value, Source source, Instant collectedAt, boolean cached) {
    }

    /** Provenance: the catalog resource, its holder department and that department's level. */
    record Source(String resource, String department, String level) {
    }

    record Denied(String field, DenialReason reason) {
    }

    record Unavailable(String field, String source, UnavailableReason reason) {
    }
}
