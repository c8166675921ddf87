package hub.citybrain.sharing.access;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import hub.citybrain.events.AccessRecorded;
import hub.citybrain.identity.Caller;
import reactor.core.publisher.Mono;

/**
 * Makes an access record durable. A query's answer, and a refusal of any attempt, is released only after
 * {@link #record} completed.
 */
@Component
public class AccessLog {

    private final TraceParent traceParent;
    private final AccessRelay relay;

    AccessLog(TraceParent traceParent, AccessRelay relay) {
        this.traceParent = traceParent;
        this.relay = relay;
    }

    /** Stores the record (with the trace it was made in); once it is durable, the relay publishes it. */
    public Mono<Void> record(AccessRecorded.Access access) {
        return relay.store(new AccessRecord(access.queryId(), access, UUID.randomUUID().toString(), null,
                traceParent.current()));
    }

    /**
     * The record of an attempt refused before anything was planned or given: who, about which subject (its hash;
     * null for a collection check), for what, and why not.
     */
    public static AccessRecorded.Access refusal(String id, Instant at, Caller caller, String operation,
            String subjectType, String subjectKeyHash, String purpose, List<String> fieldsAsked,
            RefusalReason reason) {
        return new AccessRecorded.Access(id, at, caller.department(),
                caller.level() == null ? null : caller.level().name(), caller.region(), caller.clientId(),
                caller.name(), subjectType, subjectKeyHash, purpose, List.copyOf(new LinkedHashSet<>(fieldsAsked)),
                List.of(), List.of(), List.of(), List.of(), AccessRecorded.Access.REFUSED, reason.name(), operation);
    }
}
