package hub.citybrain.sharing.access;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import hub.citybrain.events.AccessRecorded;
import hub.citybrain.events.Topics;
import jakarta.annotation.PreDestroy;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes stored access records to {@code citybrain.sharing.access}, keyed by query id, in the order they were
 * answered, and marks each published once Kafka acknowledged it ({@code acks=all}, idempotent producer). While
 * Kafka is down records wait in MongoDB. A crash between the acknowledgement and the mark can publish a record
 * twice; it carries the same query id and event id both times, so the audit consumer drops the repeat.
 */
@Component
class AccessRelay {

    private static final Logger log = LoggerFactory.getLogger(AccessRelay.class);

    private final ReactiveMongoTemplate mongo;
    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;
    private final Duration interval;
    private Disposable loop;

    AccessRelay(ReactiveMongoTemplate mongo, KafkaTemplate<String, String> kafka, JsonMapper json,
            @Value("${citybrain.outbox.interval:200ms}") Duration interval) {
        this.mongo = mongo;
        this.kafka = kafka;
        this.json = json;
        this.interval = interval;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        loop = Flux.interval(interval, Schedulers.boundedElastic())
                .onBackpressureDrop()
                .concatMap(tick -> relayOnce().onErrorResume(e -> {
                    log.warn("Access relay round failed, will retry: {}", e.toString());
                    return Mono.just(0);
                }), 1)
                .subscribe();
    }

    @PreDestroy
    void stop() {
        if (loop != null) {
            loop.dispose();
        }
    }

    /**
     * One round: up to 500 unpublished records are handed to the producer in answer order without waiting for each
     * acknowledgement (the idempotent producer keeps their order and drops its own retries), then, once Kafka
     * acknowledged all of them, marked published together. If any send fails, none is marked and the whole round
     * goes again: repeats, never losses.
     */
    Mono<Integer> relayOnce() {
        Query unpublished = Query.query(Criteria.where("publishedAt").is(null))
                .with(Sort.by("access.answeredAt")).limit(500);
        return mongo.find(unpublished, AccessRecord.class).collectList()
                .filter(records -> !records.isEmpty())
                .flatMap(records -> Mono.fromCallable(() -> records.stream().map(this::send).toList())
                        // send() can block up to max.block.ms while it fetches metadata: never on a driver thread
                        .subscribeOn(Schedulers.boundedElastic())
                        .flatMap(sent -> Mono.fromFuture(CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))))
                        .then(mongo.updateMulti(
                                Query.query(Criteria.where("_id").in(records.stream().map(AccessRecord::queryId).toList())),
                                Update.update("publishedAt", Instant.now()), AccessRecord.class))
                        .thenReturn(records.size()))
                .defaultIfEmpty(0);
    }

    private CompletableFuture<?> send(AccessRecord record) {
        AccessRecorded event = new AccessRecorded(record.eventId(), AccessRecorded.TYPE,
                record.access().answeredAt(), record.access());
        ProducerRecord<String, String> message = new ProducerRecord<>(Topics.SHARING_ACCESS, record.queryId(),
                json.writeValueAsString(event));
        message.headers().add(Topics.TYPE_HEADER, AccessRecorded.TYPE.getBytes(StandardCharsets.UTF_8));
        message.headers().add("citybrain-event-id", record.eventId().getBytes(StandardCharsets.UTF_8));
        if (record.traceparent() != null) {
            message.headers().add(TraceParent.HEADER, record.traceparent().getBytes(StandardCharsets.UTF_8));
        }
        return kafka.send(message);
    }
}
