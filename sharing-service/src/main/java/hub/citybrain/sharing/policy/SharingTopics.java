package hub.citybrain.sharing.policy;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

import hub.citybrain.events.Topics;

/**
 * Topics this service reads or writes, declared here too so that start order does not matter; the settings
 * match the registry's declarations.
 */
@Configuration(proxyBeanMethods = false)
class SharingTopics {

    @Bean
    NewTopic registryAgreements() {
        return TopicBuilder.name(Topics.REGISTRY_AGREEMENTS).partitions(1).replicas(1).compact().build();
    }

    @Bean
    NewTopic registryResources() {
        return TopicBuilder.name(Topics.REGISTRY_RESOURCES).partitions(1).replicas(1).compact().build();
    }

    /** Read by the audit log, which records every department change. */
    @Bean
    NewTopic registryDepartments() {
        return TopicBuilder.name(Topics.REGISTRY_DEPARTMENTS).partitions(1).replicas(1).compact().build();
    }

    @Bean
    NewTopic sourceChanges() {
        return TopicBuilder.name(Topics.SOURCES_CHANGES).partitions(1).replicas(1).build();
    }

    @Bean
    NewTopic accessRecords() {
        return TopicBuilder.name(Topics.SHARING_ACCESS).partitions(1).replicas(1).build();
    }

    /** The outside anchor of the audit log: kept forever, one partition so that it reads in signing order. */
    @Bean
    NewTopic auditCheckpointsTopic() {
        return TopicBuilder.name(Topics.AUDIT_CHECKPOINTS).partitions(1).replicas(1)
                .config("retention.ms", "-1").build();
    }
}
