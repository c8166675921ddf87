package hub.citybrain.sharing.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one source call produced: values for its fields, or why it produced none. {@code cached}: the values came
 * from the fact cache, collected at {@code collectedAt} by an earlier call.
 */
record SourceResult(Plan.SourceCall call, Map<String, Object> values, Instant collectedAt,
        UnavailableReason failure, boolean cached) {

    static SourceResult success(Plan.SourceCall call, Map<String, Object> values, Instant collectedAt) {
        return new SourceResult(call, values, collectedAt, null, false);
    }

    static SourceResult fromCache(Plan.SourceCall call, Map<String, Object> values, Instant collectedAt) {
        return new SourceResult(call, values, collectedAt, null, true);
    }

    static SourceResult failed(Plan.SourceCall call, UnavailableReason reason) {
        return new SourceResult(call, Map.of(), null, reason, false);
    }

    boolean succeeded() {
        return failure == null;
    }

    List<String> fields() {
        return call.fields();
    }
}
