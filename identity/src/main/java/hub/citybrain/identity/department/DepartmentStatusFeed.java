package hub.citybrain.identity.department;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.MessageListener;

import hub.citybrain.events.DepartmentChanged;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies the registry's department events ({@code citybrain.registry.departments}, compacted, keyed by code) to
 * {@link KnownDepartments}. Its container reads the topic from the beginning with a consumer group of its own, so
 * every instance of every service rebuilds the whole picture at start and then follows each change as it comes.
 *
 * <p>{@link KnownDepartments#replayed()} turns true once the records that were on the topic when the partitions were
 * first assigned have been applied: until then a department deactivated before this instance started could still be
 * served, so the service's readiness waits for it ({@code departmentStatus} health).
 *
 * <p>Deliberately not a bean: Boot hands any {@link ConsumerAwareRebalanceListener} bean to every listener container
 * of the service, and this one belongs to the departments' container only.
 */
final class DepartmentStatusFeed implements MessageListener<String, String>, ConsumerAwareRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(DepartmentStatusFeed.class);

    private final KnownDepartments departments;
    private final JsonMapper json;
    /** Partitions still being replayed, with the end offset they had when first assigned. */
    private final Map<TopicPartition, Long> replaying = new ConcurrentHashMap<>();

    DepartmentStatusFeed(KnownDepartments departments, JsonMapper json) {
        this.departments = departments;
        this.json = json;
    }

    /** Called on the consumer's thread, before the first record of the assignment (also when nothing is assigned). */
    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (departments.replayed()) {
            return;
        }
        consumer.endOffsets(partitions).forEach((partition, end) -> {
            if (consumer.position(partition) < end) {
                replaying.put(partition, end);
            }
        });
        replayedIfDone();
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> record) {
        apply(record);
        if (!departments.replayed()) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            Long end = replaying.get(partition);
            if (end != null && record.offset() + 1 >= end) {
                replaying.remove(partition);
                replayedIfDone();
            }
        }
    }

    private void replayedIfDone() {
        if (replaying.isEmpty()) {
            departments.markReplayed();
            log.info("Department status replayed: {} departments known", departments.size());
        }
    }

    private void apply(ConsumerRecord<String, String> record) {
        try {
            if (record.value() == null) {
                departments.forget(record.key());
                return;
            }
            DepartmentChanged.Department department = json.readValue(record.value(), DepartmentChanged.class)
                    .department();
            departments.apply(department.code(), department.status(), department.version());
            if (KnownDepartments.INACTIVE_STATUS.equals(department.status())) {
                log.info("Department {} is INACTIVE (version {}): its tokens are refused", department.code(),
                        department.version());
            }
        } catch (RuntimeException e) {
            // one unreadable record must not stop the feed; logged with its coordinates for repair
            log.error("Unreadable department event {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.toString());
        }
    }
}
