package hub.citybrain.registry.outbox;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

import hub.citybrain.events.Topics;
import hub.citybrain.support.kafka.DeclaredTopics;

/** The registry's topics hold full state keyed by id, so they are compacted: the latest state per key is kept. */
@Configuration(proxyBeanMethods = false)
class TopicConfiguration {

    @Bean
    KafkaAdmin.NewTopics registryTopics() {
        return DeclaredTopics.of(Topics.REGISTRY_AGREEMENTS, Topics.REGISTRY_RESOURCES, Topics.REGISTRY_DEPARTMENTS);
    }
}
