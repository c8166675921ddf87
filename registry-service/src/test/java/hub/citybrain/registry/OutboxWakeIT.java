package hub.citybrain.registry;

import static hub.citybrain.registry.RegistryMother.department;
import static hub.citybrain.registry.RegistryMother.unique;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import hub.citybrain.events.Topics;
import hub.citybrain.testsupport.EmbeddedMongo;
import hub.citybrain.testsupport.TopicReader;

/**
 * The write that stores an event wakes the outbox relay: with the sweep ten minutes apart, the only round that can
 * publish the event within the reader's 20 s is the one the write asked for. (The sweep's first round runs at
 * start-up, on an empty store, long before the test's request is authenticated and written.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "citybrain.outbox.interval=10m" })
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import({ RegistryApiIT.TrustTestTokens.class, RecordingDepartmentClients.Config.class })
class OutboxWakeIT {

    static final EmbeddedMongo MONGO = EmbeddedMongo.started();

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;
    @Autowired
    RegistryApi api;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        MONGO.register(registry);
    }

    @Test
    void shouldPublishAStoredEventWithoutWaitingForTheSweep() {
        String code = "wake-" + unique();
        try (var topic = new TopicReader(bootstrapServers, Topics.REGISTRY_DEPARTMENTS)) {
            api.post("/api/v1/departments", RegistryApiIT.admin(), department(code).json()).expectStatus()
                    .isCreated();

            assertThat(topic.awaitKey(code).value()).contains("\"code\":\"" + code + "\"");
        }
    }
}
