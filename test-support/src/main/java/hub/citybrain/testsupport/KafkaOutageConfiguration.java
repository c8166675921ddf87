package hub.citybrain.testsupport;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * A {@link KafkaOutage} of the test's own application context: the application starts with Kafka down; the test
 * autowires the outage and {@link KafkaOutage#end ends} it. The broker goes when the context closes.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaOutageConfiguration {

    @Bean(destroyMethod = "close")
    KafkaOutage kafkaOutage() {
        return new KafkaOutage();
    }

    @Bean
    DynamicPropertyRegistrar kafkaOutageAddress(KafkaOutage kafka) {
        return kafka::register;
    }
}
