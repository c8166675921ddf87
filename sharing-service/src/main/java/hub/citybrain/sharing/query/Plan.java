package hub.citybrain.sharing.query;

import java.util.List;

import hub.citybrain.events.ResourceChanged;

/** What a query will do: one call per source, and the fields refused before any call. */
record Plan(List<SourceCall> calls, List<Denied> denied) {

    /** Every agreement the calls draw on, once each. */
    List<String> agreementIds() {
        return calls.stream().flatMap(c -> c.agreementIds().stream()).distinct().toList();
    }

    /** One call to one source system for all the fields it serves in this query. */
    record SourceCall(ResourceChanged.Resource resource, List<String> fields, List<String> agreementIds) {
    }

    record Denied(String field, DenialReason reason) {
    }
}
