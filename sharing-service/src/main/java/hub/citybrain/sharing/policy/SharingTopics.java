package hub.citybrain.sharing.policy;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

import hub.citybrain.events.Topics;
import hub.citybrain.support.kafka.DeclaredTopics;

/**
 * Topics this service reads or writes, declared here too so that start order does not matter; the settings come
 * from the event contracts, as the registry's do. The departments topic is read by the audit log, which records
 * every department change.
 */
@Configuration(proxyBeanMethods = false)
class SharingTopics {

    /** Not named {@code sharingTopics}: that is this configuration's own bean. */
    @Bean
    KafkaAdmin.NewTopics sharingServiceTopics() {
        return DeclaredTopics.of(Topics.REGISTRY_AGREEMENTS, Topics.REGISTRY_RESOURCES, Topics.REGISTRY_DEPARTMENTS,
                Topics.SOURCES_CHANGES, Topics.SHARING_ACCESS, Topics.AUDIT_CHECKPOINTS);
    }
}
