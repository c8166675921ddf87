package hub.citybrain.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.web.reactive.server.WebTestClient;

import hub.citybrain.testsupport.EmbeddedMongo;
import hub.citybrain.testsupport.KafkaOutage;
import hub.citybrain.testsupport.TestClients;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Readiness is what takes a replica out of rotation: it must follow MongoDB and Kafka both ways. The service
 * starts with no broker at its address (readiness DOWN), a broker appears (UP), MongoDB goes away (DOWN) and comes
 * back on the same port (UP); liveness stays UP throughout, since restarting the process would not help.
 */
@RegistryWhileKafkaIsDownIT("citybrain.health.timeout=1s")
@DisplayName("Readiness follows MongoDB and Kafka")
class ReadinessIT {

    @Value("${local.server.port}")
    int port;
    @Autowired
    EmbeddedMongo mongo;
    @Autowired
    KafkaOutage kafka;

    @Test
    @DisplayName("DOWN while Kafka or MongoDB is unreachable, UP again once it is back")
    void shouldFollowMongoAndKafka() throws Exception {
        awaitReadiness("DOWN", "kafka", "DOWN");
        assertThat(component(readiness(), "mongo")).isEqualTo("UP");

        kafka.end();
        awaitReadiness("UP", "kafka", "UP");

        mongo.stop();
        awaitReadiness("DOWN", "mongo", "DOWN");
        assertThat(status("/livez")).isEqualTo(200);

        mongo.start();
        awaitReadiness("UP", "mongo", "UP");
    }

    private void awaitReadiness(String overall, String component, String componentStatus) {
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode readiness = readiness();
            assertThat(readiness.path("status").asString()).isEqualTo(overall);
            assertThat(component(readiness, component)).isEqualTo(componentStatus);
        });
    }

    private static String component(JsonNode readiness, String name) {
        return readiness.path("components").path(name).path("status").asString();
    }

    private JsonNode readiness() {
        byte[] body = http().get().uri("/readyz").exchange()
                .expectBody().returnResult().getResponseBody();
        return JsonMapper.builder().build().readTree(body);
    }

    private int status(String path) {
        return http().get().uri(path).exchange().returnResult(Void.class).getStatus().value();
    }

    private WebTestClient http() {
        return TestClients.local(port);
    }
}
