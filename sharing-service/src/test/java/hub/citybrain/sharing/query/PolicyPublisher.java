package hub.citybrain.sharing.query;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import hub.citybrain.events.AgreementChanged;
import hub.citybrain.events.ResourceChanged;
import hub.citybrain.events.Topics;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes catalog resources and agreements on the registry's topics as the registry does (keyed by id, the type
 * in a header), and other events the service follows the same way. Tests that start the sharing service on their own
 * broker create one; the Spring ITs ({@link hub.citybrain.sharing.SharingIT}) autowire the one of their context.
 */
public final class PolicyPublisher implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final JsonMapper json = JsonMapper.builder().build();

    public PolicyPublisher(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    public void publish(ResourceChanged event) {
        send(Topics.REGISTRY_RESOURCES, event.resource().id(), event.type(), event);
    }

    public void publish(AgreementChanged event) {
        send(Topics.REGISTRY_AGREEMENTS, event.agreement().id(), event.type(), event);
    }

    /** Sends {@code event} as JSON on {@code topic} under {@code key}, with its type in the header. */
    public void send(String topic, String key, String type, Object event) {
        var record = new ProducerRecord<>(topic, key, json.writeValueAsString(event));
        record.headers().add(Topics.TYPE_HEADER, type.getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish " + key + " on " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }

    /** The publisher on the broker of a Spring IT's context. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class OnTheTestBroker {

        @Bean
        PolicyPublisher policyPublisher(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
            return new PolicyPublisher(bootstrapServers);
        }
    }
}
