package hub.citybrain.sharing.query;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import hub.citybrain.events.ResourceChanged;
import hub.citybrain.events.SubjectChanged;
import hub.citybrain.events.Topics;
import hub.citybrain.sharing.access.SubjectKeyHasher;
import hub.citybrain.sharing.policy.PolicyView;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Evicts cached facts when a source announces that a subject changed. The cache is shared by every instance of
 * the service, so they share one consumer group: each notice is applied once. The offset is committed after the
 * eviction is stored; a failed eviction is retried by the listener container rather than skipped, because a
 * skipped notice would leave an outdated fact served until it expires.
 */
@Component
class SubjectChanges {

    static final String EVICTIONS = "citybrain.cache.evictions";

    private static final Logger log = LoggerFactory.getLogger(SubjectChanges.class);

    private final FactCache facts;
    private final PolicyView policy;
    private final SubjectKeyHasher hasher;
    private final JsonMapper json;
    private final MeterRegistry meters;

    SubjectChanges(FactCache facts, PolicyView policy, SubjectKeyHasher hasher, JsonMapper json, MeterRegistry meters) {
        this.facts = facts;
        this.policy = policy;
        this.hasher = hasher;
        this.json = json;
        this.meters = meters;
    }

    @KafkaListener(id = "fact-cache-evictions", topics = Topics.SOURCES_CHANGES, groupId = "sharing-fact-cache",
            properties = { "auto.offset.reset=earliest" })
    void onSubjectChanged(ConsumerRecord<String, String> record) {
        SubjectChanged notice;
        try {
            notice = json.readValue(record.value(), SubjectChanged.class);
        } catch (RuntimeException e) {
            log.error("Unreadable change notice {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.toString());
            return;
        }
        if (notice.subjectType() == null || notice.subjectKey() == null || notice.subjectKey().isBlank()) {
            log.error("Change notice {}-{}@{} names no subject", record.topic(), record.partition(), record.offset());
            return;
        }
        // Without a resource, the subject changed everywhere: forget it for every resource about its type.
        List<String> resources = notice.resourceId() != null ? List.of(notice.resourceId())
                : policy.resources().stream().filter(r -> r.subjectType().equals(notice.subjectType()))
                        .map(ResourceChanged.Resource::id).toList();
        facts.evict(resources, hasher.hash(notice.subjectType(), notice.subjectKey()), Instant.now())
                .block(Duration.ofSeconds(10));
        meters.counter(EVICTIONS).increment(resources.size());
    }
}
