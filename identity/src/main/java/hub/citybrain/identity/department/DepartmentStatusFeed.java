package hub.citybrain.identity.department;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.MessageListener;

import hub.citybrain.events.DepartmentChanged;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies the registry's department events ({@code citybrain.registry.departments}, compacted, keyed by code) to
 * {@link KnownDepartments}. Its container reads the topic from the beginning with a consumer group of its own, so
 * every instance of every service rebuilds the whole picture at start and then follows each change as it comes.
 */
final class DepartmentStatusFeed implements MessageListener<String, String> {

    private static final Logger log = LoggerFactory.getLogger(DepartmentStatusFeed.class);

    private final KnownDepartments departments;
    private final JsonMapper json;

    DepartmentStatusFeed(KnownDepartments departments, JsonMapper json) {
        this.departments = departments;
        this.json = json;
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> record) {
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
