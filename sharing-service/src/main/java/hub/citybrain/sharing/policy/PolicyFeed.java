package hub.citybrain.sharing.policy;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import hub.citybrain.events.AgreementChanged;
import hub.citybrain.events.ResourceChanged;
import hub.citybrain.events.Topics;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the registry's topics into the {@link PolicyView}. Each instance uses a fresh consumer group and starts
 * from the earliest offset: the topics are compacted, so that replays the latest state of every key.
 */
@Component
class PolicyFeed {

    private static final Logger log = LoggerFactory.getLogger(PolicyFeed.class);

    private final PolicyView view;
    private final JsonMapper json;

    PolicyFeed(PolicyView view, JsonMapper json) {
        this.view = view;
        this.json = json;
    }

    @KafkaListener(id = "policy-feed", topics = { Topics.REGISTRY_RESOURCES, Topics.REGISTRY_AGREEMENTS },
            groupId = "sharing-policy-${random.uuid}",
            properties = { "auto.offset.reset=earliest", "enable.auto.commit=false", "metadata.max.age.ms=5000" })
    void onRegistryEvent(ConsumerRecord<String, String> record) {
        try {
            if (Topics.REGISTRY_RESOURCES.equals(record.topic())) {
                if (record.value() == null) {
                    view.removeResource(record.key());
                } else {
                    view.apply(json.readValue(record.value(), ResourceChanged.class).resource());
                }
            } else if (record.value() == null) {
                view.removeAgreement(record.key());
            } else {
                view.apply(json.readValue(record.value(), AgreementChanged.class).agreement());
            }
        } catch (RuntimeException e) {
            // A record we cannot read must not stop the feed; it is logged with its coordinates for repair.
            log.error("Unreadable registry event {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.toString());
        }
    }
}
