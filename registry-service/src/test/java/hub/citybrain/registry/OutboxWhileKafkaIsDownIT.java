package hub.citybrain.registry;

import static hub.citybrain.registry.RegistryMother.department;
import static hub.citybrain.registry.RegistryMother.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import hub.citybrain.events.Topics;

/**
 * The registry starts and accepts changes while Kafka is down; their events wait inside the documents and
 * leave once a broker appears at the configured address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "citybrain.outbox.interval=200ms",
        // topics are created by the broker below; do not wait on an unreachable admin at start-up
        "spring.kafka.admin.auto-create=false",
        "spring.kafka.producer.properties.max.block.ms=1000",
        "spring.kafka.producer.properties.reconnect.backoff.max.ms=500" })
@Import({ RegistryApiIT.TrustTestTokens.class, RecordingDepartmentClients.Config.class })
class OutboxWhileKafkaIsDownIT {

    static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    static final InetSocketAddress MONGO_ADDRESS = MONGO.bind();
    static final int KAFKA_PORT = freePort();
    /** The address the registry is configured with; nothing answers there until the broker "comes up". */
    static final TcpForwarder KAFKA_ADDRESS = new TcpForwarder(KAFKA_PORT);
    static EmbeddedKafkaKraftBroker broker;

    @Value("${local.server.port}")
    int port;
    @Autowired
    ReactiveMongoTemplate mongo;

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri",
                () -> "mongodb://" + MONGO_ADDRESS.getHostString() + ":" + MONGO_ADDRESS.getPort());
        registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + KAFKA_PORT);
    }

    @AfterAll
    static void stopBroker() throws IOException {
        KAFKA_ADDRESS.close();
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void shouldKeepEventsInTheDocumentUntilKafkaIsReachable() throws Exception {
        var http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(15)).build();
        String code = "dept-" + unique();

        http.post().uri("/api/v1/departments").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + RegistryApiIT.admin())
                .bodyValue(department(code).json())
                .exchange()
                .expectStatus().isCreated();

        // several relay rounds fail meanwhile; the event must still be there
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> pendingEvents(code).size() == 1);
        assertThat(pendingEvents(code).get(0).getString("topic")).isEqualTo(Topics.REGISTRY_DEPARTMENTS);

        // (EmbeddedKafkaKraftBroker ignores kafkaPorts(...), so the broker gets a random port behind the address)
        broker = new EmbeddedKafkaKraftBroker(1, 1, Topics.REGISTRY_DEPARTMENTS);
        broker.afterPropertiesSet();
        String[] hostPort = broker.getBrokersAsString().split(",")[0].split(":");
        KAFKA_ADDRESS.start(hostPort[0], Integer.parseInt(hostPort[1]));

        try (var topic = new TopicReader(broker.getBrokersAsString(), Topics.REGISTRY_DEPARTMENTS)) {
            var record = topic.awaitKey(code);
            assertThat(record.value()).contains("\"code\":\"" + code + "\"");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> pendingEvents(code).isEmpty());
    }

    List<Document> pendingEvents(String code) {
        Document doc = mongo.findById(code, Document.class, "departments").block(Duration.ofSeconds(5));
        assertThat(doc).isNotNull();
        return doc.getList("pendingEvents", Document.class);
    }
}
