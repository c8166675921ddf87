package hub.citybrain.support.health;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The health indicators every service's readiness group is made of, in one place: each is registered only where
 * the service has the thing it checks (a reactive MongoDB template, a Kafka admin; the identity library adds the identity
 * provider's, by property). The services' {@code management.endpoint.health.group.readiness.include} names them:
 * {@code mongo}, {@code kafka}, {@code identityProvider}.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.data.mongodb.autoconfigure.DataMongoReactiveAutoConfiguration",
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration" })
@ConditionalOnClass(ReactiveHealthIndicator.class)
public class HealthAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ReactiveMongoTemplate.class)
    static class Mongo {

        /** Named as Boot's own, which it replaces: Boot backs off and the contributor is called {@code mongo}. */
        @Bean
        @ConditionalOnBean(ReactiveMongoTemplate.class)
        @ConditionalOnMissingBean(name = "mongoHealthIndicator")
        MongoPingHealthIndicator mongoHealthIndicator(ReactiveMongoTemplate mongo,
                @Value("${citybrain.health.timeout:2s}") Duration timeout) {
            return new MongoPingHealthIndicator(mongo, timeout);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ KafkaAdmin.class, org.apache.kafka.clients.admin.Admin.class })
    static class Kafka {

        @Bean
        @ConditionalOnBean(KafkaAdmin.class)
        @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
        KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin,
                @Value("${citybrain.health.timeout:2s}") Duration timeout) {
            return new KafkaHealthIndicator(kafkaAdmin.getConfigurationProperties(), timeout);
        }
    }
}
