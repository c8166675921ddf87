package hub.citybrain.sharing.audit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import hub.citybrain.events.AuditCheckpointed;
import hub.citybrain.events.AuditCheckpointed.Checkpoint;
import hub.citybrain.events.Topics;
import hub.citybrain.support.web.ApiException;
import jakarta.annotation.PreDestroy;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signs the head of the audit log and publishes it to {@value Topics#AUDIT_CHECKPOINTS}, on a schedule and on
 * demand.
 *
 * <p>Only an intact log is signed: the head is taken from a full verification (which also holds the log against
 * the checkpoints already signed), so a checkpoint never vouches for a log that was already tampered with.
 *
 * <p>Several instances run the same schedule without a leader: a head that a checkpoint in the topic already
 * names is not signed again, and every instance reads the topic, so the others skip once the first one's record
 * arrives (within milliseconds). Two instances that sign the same head in that window publish two records with
 * one sequence number and one hash (the record key is the sequence number); readers count them once.
 */
@Component
class AuditCheckpoints {

    static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(15);

    private static final Logger log = LoggerFactory.getLogger(AuditCheckpoints.class);

    private final ChainVerifier verifier;
    private final CheckpointSigner signer;
    private final CheckpointLog checkpoints;
    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;
    private final Duration interval;
    private Disposable schedule;

    AuditCheckpoints(ChainVerifier verifier, CheckpointSigner signer, CheckpointLog checkpoints,
            KafkaTemplate<String, String> kafka, JsonMapper json, CheckpointProperties properties) {
        this.verifier = verifier;
        this.signer = signer;
        this.checkpoints = checkpoints;
        this.kafka = kafka;
        this.json = json;
        this.interval = properties.checkpointInterval();
    }

    /** A checkpoint, and whether this call signed it (false: the head was already checkpointed). */
    record Taken(Checkpoint checkpoint, boolean signedNow) {
    }

    Mono<Taken> take() {
        if (!signer.canSign()) {
            return Mono.error(new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "AUDIT_CHECKPOINTS_OFF",
                    "This instance has no audit signing key (CITYBRAIN_AUDIT_SIGNING_KEY)."));
        }
        return verifier.verifySinceLatestCheckpoint().flatMap(v -> {
            if (!v.intact()) {
                return Mono.error(ApiException.conflict("AUDIT_CHAIN_BROKEN", "The audit log does not verify ("
                        + v.problem() + " at entry " + v.brokenAt() + "); it is not signed: " + v.detail()));
            }
            if (v.lastSequence() == 0) {
                return Mono.error(ApiException.conflict("AUDIT_LOG_EMPTY", "The audit log has no entry to sign."));
            }
            Checkpoint existing = checkpoints.checkpoints().stream()
                    .filter(c -> c.lastSequence() == v.lastSequence() && c.lastHash().equals(v.lastHash()))
                    .findFirst().orElse(null);
            if (existing != null) {
                return Mono.just(new Taken(existing, false));
            }
            Checkpoint signed = signer.sign(v.lastSequence(), v.lastHash(), Instant.now());
            return publish(signed).thenReturn(new Taken(signed, true));
        });
    }

    private Mono<Void> publish(Checkpoint checkpoint) {
        AuditCheckpointed event = AuditCheckpointed.of(UUID.randomUUID().toString(), checkpoint);
        ProducerRecord<String, String> message = new ProducerRecord<>(Topics.AUDIT_CHECKPOINTS,
                Long.toString(checkpoint.lastSequence()), json.writeValueAsString(event));
        message.headers().add(Topics.TYPE_HEADER, AuditCheckpointed.TYPE.getBytes(StandardCharsets.UTF_8));
        message.headers().add("citybrain-event-id", event.eventId().getBytes(StandardCharsets.UTF_8));
        // send() can block up to max.block.ms while it fetches metadata: never on a request thread
        return Mono.fromCallable(() -> kafka.send(message))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(Mono::fromFuture)
                .timeout(PUBLISH_TIMEOUT)
                .doOnSuccess(sent -> log.info("Audit checkpoint signed: entry {} hash {}", checkpoint.lastSequence(),
                        checkpoint.lastHash()))
                .then();
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (interval.isZero() || !signer.canSign()) {
            return;
        }
        schedule = Flux.interval(interval, interval, Schedulers.boundedElastic())
                .onBackpressureDrop()
                .concatMap(tick -> take().onErrorResume(e -> {
                    if (e instanceof ApiException api && "AUDIT_LOG_EMPTY".equals(api.code())) {
                        return Mono.empty();
                    }
                    log.error("Scheduled audit checkpoint not taken: {}", e.getMessage());
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    @PreDestroy
    void stop() {
        if (schedule != null) {
            schedule.dispose();
        }
    }
}
