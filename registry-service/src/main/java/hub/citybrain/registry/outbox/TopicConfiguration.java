package hub.citybrain.registry.outbox;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

import hub.citybrain.events.Topics;

/** The registry's topics hold full state keyed by id, so they are compacted: the latest state per key is kept. */
@Configuration(proxyBeanMethods = false)
class TopicConfiguration {

    @Bean
    NewTopic agreementsTopic() {
        return TopicBuilder.name(Topics.REGISTRY_AGREEMENTS).partitions(1).replicas(1).compact().build();
    }

    @Bean
    NewTopic resourcesTopic() {
        return TopicBuilder.name(Topics.REGISTRY_RESOURCES).partitions(1).replicas(1).compact().build();
    }

    @Bean
    NewTopic departmentsTopic() {
        return TopicBuilder.name(Topics.REGISTRY_DEPARTMENTS).partitions(1).replicas(1).compact().build();
    }
}
