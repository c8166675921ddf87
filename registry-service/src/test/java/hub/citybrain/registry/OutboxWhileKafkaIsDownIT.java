package hub.citybrain.registry;

import static hub.citybrain.registry.RegistryMother.department;
import static hub.citybrain.registry.RegistryMother.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import hub.citybrain.events.Topics;
import hub.citybrain.testsupport.TopicReader;

/**
 * The registry starts and accepts changes while Kafka is down; their events wait inside the documents and
 * leave once a broker appears at the configured address.
 */
@RegistryWhileKafkaIsDownIT("citybrain.outbox.interval=200ms")
class OutboxWhileKafkaIsDownIT extends WhileKafkaIsDown {

    @Test
    void shouldKeepEventsInTheDocumentUntilKafkaIsReachable() throws Exception {
        String code = "dept-" + unique();

        api.post("/api/v1/departments", RegistryApiIT.admin(), department(code).json())
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
        return pendingEvents("departments", code);
    }
}
