package hub.citybrain.registry.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import hub.citybrain.events.Topics;
import hub.citybrain.support.relay.DrainLoop;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes the events waiting inside aggregate documents, oldest first per document, and removes each only
 * after Kafka acknowledged it ({@code acks=all}). {@link EventOutbox} wakes it once a write stored an event; it also
 * sweeps every {@code citybrain.outbox.interval} (200 ms), the safety net for events a wake did not reach (those of
 * a crashed instance, rounds that failed while Kafka was down). When Kafka is down the events simply wait; a failed round is
 * retried after a short back-off ({@link DrainLoop}), so order per key is kept and nothing is lost (at-least-once; consumers de-duplicate
 * by event id).
 */
@Component
class OutboxRelay {

    static final List<String> COLLECTIONS = List.of("departments", "resources", "agreements");

    private final ReactiveMongoTemplate mongo;
    private final KafkaTemplate<String, String> kafka;
    private final DrainLoop loop;

    OutboxRelay(ReactiveMongoTemplate mongo, KafkaTemplate<String, String> kafka,
            @org.springframework.beans.factory.annotation.Value("${citybrain.outbox.interval:200ms}") Duration interval) {
        this.mongo = mongo;
        this.kafka = kafka;
        // a failed round is logged and retried after a short back-off; events wait in their documents meanwhile
        this.loop = new DrainLoop("Outbox relay", interval, this::relayOnce);
    }

    /** A document with pending events was stored: publish them now rather than at the next sweep. */
    void wake() {
        loop.wake();
    }

    /** A bean, so that Spring starts and stops the loop with the application. */
    @Bean
    DrainLoop outboxRelayLoop() {
        return loop;
    }

    /** One pass over every collection; returns how many events were published. */
    Mono<Integer> relayOnce() {
        return Flux.fromIterable(COLLECTIONS)
                .concatMap(this::relayCollection)
                .reduce(0, Integer::sum);
    }

    private Mono<Integer> relayCollection(String collection) {
        Query pending = Query.query(Criteria.where("pendingEvents.0").exists(true));
        return mongo.find(pending, Document.class, collection)
                .concatMap(doc -> relayDocument(collection, doc))
                .reduce(0, Integer::sum);
    }

    private Mono<Integer> relayDocument(String collection, Document doc) {
        List<Document> events = doc.getList("pendingEvents", Document.class);
        return Flux.fromIterable(events)
                .concatMap(event -> publish(event)
                        .then(mongo.updateFirst(Query.query(Criteria.where("_id").is(doc.get("_id"))),
                                new Update().pull("pendingEvents", new Document("eventId", event.getString("eventId"))),
                                collection))
                        .thenReturn(1))
                .reduce(0, Integer::sum);
    }

    private Mono<Void> publish(Document event) {
        ProducerRecord<String, String> record = new ProducerRecord<>(event.getString("topic"),
                event.getString("key"), event.getString("payload"));
        record.headers().add(Topics.TYPE_HEADER, event.getString("type").getBytes(StandardCharsets.UTF_8));
        record.headers().add("citybrain-event-id", event.getString("eventId").getBytes(StandardCharsets.UTF_8));
        // send() can block up to max.block.ms while it fetches metadata: never on a MongoDB driver or Netty thread.
        return Mono.fromFuture(() -> kafka.send(record)).subscribeOn(Schedulers.boundedElastic()).then();
    }
}
