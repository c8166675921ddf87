package hub.citybrain.sharing.audit;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import hub.citybrain.events.AccessRecorded;
import hub.citybrain.events.AgreementChanged;
import hub.citybrain.events.DepartmentChanged;
import hub.citybrain.events.Topics;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends every access record and every agreement and department change to the audit log.
 *
 * <p>It reads with its own durable consumer group ({@code sharing-audit}), so that every instance shares one
 * position and a restart resumes where the last write ended. The listener returns only once the entry is in
 * MongoDB, and the container commits the offset after each record ({@link AuditKafkaConfiguration}): a crash
 * between the write and the commit redelivers the record, and the chain skips it by its id. A crashed instance
 * is noticed after a 10 s session timeout (not Kafka's 45 s), so that its restart resumes the log soon.
 */
@Component
class AuditConsumer {

    static final String GROUP = "sharing-audit";
    /** Longer than any single MongoDB write should take; a slower one is retried by the container. */
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(AuditConsumer.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final AuditChain chain;
    private final JsonMapper json;

    AuditConsumer(AuditChain chain, JsonMapper json) {
        this.chain = chain;
        this.json = json;
    }

    @KafkaListener(id = "audit-log", groupId = GROUP, containerFactory = AuditKafkaConfiguration.CONTAINER_FACTORY,
            topics = { Topics.SHARING_ACCESS, Topics.REGISTRY_AGREEMENTS, Topics.REGISTRY_DEPARTMENTS },
            properties = { "auto.offset.reset=earliest", "enable.auto.commit=false", "metadata.max.age.ms=5000",
                    "session.timeout.ms=10000", "heartbeat.interval.ms=3000" })
    void onEvent(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            // A tombstone on a compacted registry topic carries no change to record.
            return;
        }
        AuditEntry entry = entryOf(record);
        // Blocking is right here: this is the consumer's own thread, and the offset must not move before the write.
        Boolean appended = chain.append(entry).block(WRITE_TIMEOUT);
        if (Boolean.FALSE.equals(appended)) {
            log.debug("Already in the audit log, skipped: {}", entry.id());
        }
    }

    AuditEntry entryOf(ConsumerRecord<String, String> record) {
        try {
            return switch (record.topic()) {
                case Topics.SHARING_ACCESS -> access(json.readValue(record.value(), AccessRecorded.class));
                case Topics.REGISTRY_AGREEMENTS -> agreement(json.readValue(record.value(), AgreementChanged.class));
                case Topics.REGISTRY_DEPARTMENTS ->
                    department(json.readValue(record.value(), DepartmentChanged.class));
                default -> throw new UnreadableEvent("not an audited topic: " + record.topic(), null);
            };
        } catch (JacksonException | NullPointerException e) {
            throw new UnreadableEvent(record.topic() + "-" + record.partition() + "@" + record.offset()
                    + " cannot be read: " + e.getMessage(), e);
        }
    }

    private AuditEntry access(AccessRecorded event) {
        String queryId = Objects.requireNonNull(event.access().queryId(), "queryId");
        return new AuditEntry(AuditEntry.accessId(queryId), AuditEntry.Kind.ACCESS, event.eventId(), event.type(),
                event.access().answeredAt(), "access", json.convertValue(event.access(), MAP));
    }

    private AuditEntry agreement(AgreementChanged event) {
        return new AuditEntry(AuditEntry.eventKey(Objects.requireNonNull(event.eventId(), "eventId")),
                AuditEntry.Kind.AGREEMENT, event.eventId(), event.type(), event.occurredAt(), "agreement",
                json.convertValue(event.agreement(), MAP));
    }

    private AuditEntry department(DepartmentChanged event) {
        return new AuditEntry(AuditEntry.eventKey(Objects.requireNonNull(event.eventId(), "eventId")),
                AuditEntry.Kind.DEPARTMENT, event.eventId(), event.type(), event.occurredAt(), "department",
                json.convertValue(event.department(), MAP));
    }

    /** A record that can never be appended: retrying it would stop the log, so it is logged and passed over. */
    static final class UnreadableEvent extends RuntimeException {
        UnreadableEvent(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
