package hub.citybrain.sharing.audit;

import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The audit consumer's container: Boot's settings, plus two that the audit log needs and the policy feed does
 * not. The offset is committed after each record the listener has written (never ahead of MongoDB), and a write
 * that fails (MongoDB unreachable) is retried for as long as it takes, backing off to 10 s, instead of the
 * default of giving up after a few attempts, which would silently drop an access record. Only a record that can
 * never be read is passed over.
 */
@Configuration(proxyBeanMethods = false)
class AuditKafkaConfiguration {

    static final String CONTAINER_FACTORY = "auditListenerContainerFactory";

    @Bean(CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<Object, Object> auditListenerContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, consumers);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.RECORD);
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        DefaultErrorHandler errors = new DefaultErrorHandler(backOff);
        errors.addNotRetryableExceptions(AuditConsumer.UnreadableEvent.class);
        factory.setCommonErrorHandler(errors);
        return factory;
    }
}
