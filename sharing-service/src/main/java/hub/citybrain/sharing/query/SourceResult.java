package hub.citybrain.sharing.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What one source call produced: values for its fields, or why it produced none. */
record SourceResult(Plan.SourceCall call, Map<String, Object> values, Instant collectedAt,
        UnavailableReason failure) {

    static SourceResult success(Plan.SourceCall call, Map<String, Object> values, Instant collectedAt) {
        return new SourceResult(call, values, collectedAt, null);
    }

    static SourceResult failed(Plan.SourceCall call, UnavailableReason reason) {
        return new SourceResult(call, Map.of(), null, reason);
    }

    boolean succeeded() {
        return failure == null;
    }

    List<String> fields() {
        return call.fields();
    }
}
