package hub.citybrain.sharing.access;

import java.util.UUID;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;

import hub.citybrain.events.AccessRecorded;
import reactor.core.publisher.Mono;

/** Makes an access record durable. A query's answer is released only after {@link #record} completed. */
@Component
public class AccessLog {

    private final ReactiveMongoTemplate mongo;
    private final TraceParent traceParent;
    private final AccessRelay relay;

    AccessLog(ReactiveMongoTemplate mongo, TraceParent traceParent, AccessRelay relay) {
        this.mongo = mongo;
        this.traceParent = traceParent;
        this.relay = relay;
    }

    /** Stores the record; once it is durable, hands it to the relay for publication. */
    public Mono<Void> record(AccessRecorded.Access access) {
        return mongo.insert(new AccessRecord(access.queryId(), access, UUID.randomUUID().toString(), null,
                traceParent.current())).doOnNext(relay::handOver).then();
    }
}
