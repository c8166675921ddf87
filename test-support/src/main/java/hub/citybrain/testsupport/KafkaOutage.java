package hub.citybrain.testsupport;

import java.io.IOException;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Kafka that is down when the application starts: its configured address answers nothing until {@link #end} starts
 * an embedded broker and forwards the address to it. (EmbeddedKafkaKraftBroker ignores {@code kafkaPorts(...)}, so
 * the broker gets a random port behind the fixed address.)
 */
public final class KafkaOutage implements AutoCloseable {

    private final int port = Ports.free();
    private final TcpForwarder address = new TcpForwarder(port);
    private EmbeddedKafkaKraftBroker broker;

    /** The address the application is configured with. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Points {@code spring.kafka.bootstrap-servers} at the (for now silent) address. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", this::bootstrapServers);
    }

    /** Starts a broker with these topics behind the address; answers the broker's own bootstrap servers. */
    public String end(String... topics) throws IOException {
        broker = KafkaBrokers.started(topics);
        String[] hostPort = broker.getBrokersAsString().split(",")[0].split(":");
        address.start(hostPort[0], Integer.parseInt(hostPort[1]));
        return broker.getBrokersAsString();
    }

    @Override
    public void close() throws IOException {
        address.close();
        if (broker != null) {
            broker.destroy();
        }
    }
}
