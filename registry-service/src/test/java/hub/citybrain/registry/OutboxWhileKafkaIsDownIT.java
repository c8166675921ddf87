package hub.citybrain.registry;

import static hub.citybrain.registry.RegistryMother.department;
import static hub.citybrain.registry.RegistryMother.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

import hub.citybrain.events.Topics;
import hub.citybrain.testsupport.KafkaOutage;
import hub.citybrain.testsupport.TopicReader;

/**
 * The registry starts and accepts changes while Kafka is down; their events wait inside the documents and
 * leave once a broker appears at the configured address.
 */
@RegistryWhileKafkaIsDownIT("citybrain.outbox.interval=200ms")
class OutboxWhileKafkaIsDownIT {

    @Value("${local.server.port}")
    int port;
    @Autowired
    ReactiveMongoTemplate mongo;
    /** The address the registry is configured with; nothing answers there until the broker "comes up". */
    @Autowired
    KafkaOutage kafka;

    @Test
    void shouldKeepEventsInTheDocumentUntilKafkaIsReachable() throws Exception {
        String code = "dept-" + unique();

        new RegistryApi(port).post("/api/v1/departments", RegistryApiIT.admin(), department(code).json())
                .expectStatus().isCreated();

        // several relay rounds fail meanwhile; the event must still be there
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> pendingEvents(code).size() == 1);
        assertThat(pendingEvents(code).get(0).getString("topic")).isEqualTo(Topics.REGISTRY_DEPARTMENTS);

        String brokers = kafka.end(Topics.REGISTRY_DEPARTMENTS);

        try (var topic = new TopicReader(brokers, Topics.REGISTRY_DEPARTMENTS)) {
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
