package hub.citybrain.testsupport;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** Real Kafka brokers (KRaft, one node) for tests that start the application themselves, outside Spring's test context. */
public final class KafkaBrokers {

    private KafkaBrokers() {
    }

    /** A started single-partition broker with these topics; {@code destroy()} it when done. */
    public static EmbeddedKafkaKraftBroker started(String... topics) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, topics);
        broker.afterPropertiesSet();
        return broker;
    }
}
