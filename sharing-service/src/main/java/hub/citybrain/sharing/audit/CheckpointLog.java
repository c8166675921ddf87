package hub.citybrain.sharing.audit;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.PartitionOffset;
import org.springframework.kafka.annotation.TopicPartition;
import org.springframework.stereotype.Component;

import hub.citybrain.events.AuditCheckpointed;
import hub.citybrain.events.AuditCheckpointed.Checkpoint;
import hub.citybrain.events.Topics;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The signed checkpoints, as Kafka holds them: the outside anchor, not MongoDB (where whoever edits the audit log
 * could edit them too). Every instance reads the whole topic from its first offset at every start (a manual
 * assignment, so no consumer group shares a position), and keeps the checkpoints whose signature its public key
 * accepts. A checkpoint signed by another key, or with a broken signature, is counted and otherwise ignored.
 */
@Component
class CheckpointLog {

    private static final Logger log = LoggerFactory.getLogger(CheckpointLog.class);

    private final CheckpointSigner signer;
    private final JsonMapper json;
    /** In sequence order; a few hundred a day at the default interval, so a list is enough. */
    private final List<Checkpoint> accepted = new CopyOnWriteArrayList<>();
    private final AtomicLong rejected = new AtomicLong();

    CheckpointLog(CheckpointSigner signer, JsonMapper json) {
        this.signer = signer;
        this.json = json;
    }

    @KafkaListener(id = "audit-checkpoints", autoStartup = "true",
            topicPartitions = @TopicPartition(topic = Topics.AUDIT_CHECKPOINTS,
                    partitionOffsets = @PartitionOffset(partition = "0", initialOffset = "0")),
            properties = { "enable.auto.commit=false" })
    void onCheckpoint(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return;
        }
        Checkpoint checkpoint;
        try {
            checkpoint = json.readValue(record.value(), AuditCheckpointed.class).checkpoint();
        } catch (JacksonException e) {
            reject(record, "cannot be read: " + e.getMessage());
            return;
        }
        if (!signer.verifies(checkpoint)) {
            reject(record, "its signature does not verify with key " + signer.keyId()
                    + (checkpoint == null ? "" : " (it names key " + checkpoint.keyId() + ")"));
            return;
        }
        add(checkpoint);
    }

    synchronized void add(Checkpoint checkpoint) {
        boolean known = accepted.stream().anyMatch(c -> c.lastSequence() == checkpoint.lastSequence()
                && c.lastHash().equals(checkpoint.lastHash()));
        if (!known) {
            accepted.add(checkpoint);
            accepted.sort(Comparator.comparingLong(Checkpoint::lastSequence));
        }
    }

    private void reject(ConsumerRecord<String, String> record, String why) {
        rejected.incrementAndGet();
        log.warn("Audit checkpoint {}-{}@{} ignored: {}", record.topic(), record.partition(), record.offset(), why);
    }

    /** The accepted checkpoints, lowest sequence first; two with one sequence but different hashes are both kept. */
    List<Checkpoint> checkpoints() {
        return List.copyOf(accepted);
    }

    long rejected() {
        return rejected.get();
    }

    /** The highest sequence number signed so far, or 0. */
    long lastSigned() {
        return accepted.isEmpty() ? 0 : accepted.get(accepted.size() - 1).lastSequence();
    }
}
