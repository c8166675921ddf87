package hub.citybrain.identity.department;

import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;

import hub.citybrain.events.Topics;
import hub.citybrain.identity.DepartmentStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a service has Kafka, deactivation bites at once: the registry's department events feed a
 * {@link DepartmentStatus} (replacing the library's default, which knows of no deactivation), and a web filter
 * refuses the still-valid tokens of a deactivated department. {@code citybrain.identity.department-status.enabled=false}
 * turns both off.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        beforeName = "hub.citybrain.identity.IdentityAutoConfiguration")
@ConditionalOnClass({ ConsumerFactory.class, JsonMapper.class })
@ConditionalOnBean(ConsumerFactory.class)
@ConditionalOnProperty(name = "citybrain.identity.department-status.enabled", havingValue = "true",
        matchIfMissing = true)
@EnableConfigurationProperties(DepartmentStatusProperties.class)
public class DepartmentStatusAutoConfiguration {

    @Bean
    KnownDepartments departmentStatus() {
        return new KnownDepartments();
    }

    /**
     * A consumer group of its own per instance, from the earliest offset: the compacted topic replays the latest
     * state of every department. Strings in, whatever the service's own consumer settings are.
     */
    @Bean
    @SuppressWarnings("unchecked")
    KafkaMessageListenerContainer<String, String> departmentStatusFeed(ConsumerFactory<?, ?> consumers,
            KnownDepartments departments, ObjectProvider<JsonMapper> json, Environment environment) {
        // not a bean (see DepartmentStatusFeed): it must not become every container's rebalance listener
        var listener = new DepartmentStatusFeed(departments, json.getIfAvailable(() -> JsonMapper.builder().build()));
        ContainerProperties container = new ContainerProperties(Topics.REGISTRY_DEPARTMENTS);
        container.setGroupId("citybrain-department-status-" + environment.getProperty("spring.application.name",
                "service") + "-" + UUID.randomUUID());
        Properties consumer = new Properties();
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // a topic created after this service started (the registry creates it) is found within seconds
        consumer.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "5000");
        container.setKafkaConsumerProperties(consumer);
        container.setMessageListener(listener);
        container.setConsumerRebalanceListener(listener);
        var feed = new KafkaMessageListenerContainer<>((ConsumerFactory<String, String>) consumers, container);
        feed.setBeanName("departmentStatusFeed");
        return feed;
    }

    /** {@code departmentStatus}: UP once the topic has been replayed; part of each service's readiness. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class Health {

        @Bean
        HealthIndicator departmentStatusHealthIndicator(KnownDepartments departments) {
            return () -> departments.replayed()
                    ? org.springframework.boot.health.contributor.Health.up()
                            .withDetail("departmentsKnown", departments.size()).build()
                    : org.springframework.boot.health.contributor.Health.outOfService()
                            .withDetail("replaying", Topics.REGISTRY_DEPARTMENTS).build();
        }
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(ReactiveSecurityContextHolder.class)
    DepartmentStatusFilter departmentStatusFilter(DepartmentStatus status, DepartmentStatusProperties properties) {
        return new DepartmentStatusFilter(status, properties.handledByServicePaths());
    }
}
