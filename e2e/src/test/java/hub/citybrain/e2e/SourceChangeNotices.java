package hub.citybrain.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.core.JsonProcessingException;

/** What a source system does when a subject's data changed: one notice on {@code citybrain.sources.changes}. */
final class SourceChangeNotices {

    static final String TOPIC = "citybrain.sources.changes";
    static final String TYPE = "citybrain.sources.subject-changed.v1";

    /** {@code resourceId} null: the subject changed for every resource that holds it. */
    static void announce(String resourceId, String subjectType, String subjectKey) {
        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("eventId", UUID.randomUUID().toString());
        notice.put("type", TYPE);
        notice.put("occurredAt", Instant.now().toString());
        notice.put("resourceId", resourceId);
        notice.put("subjectType", subjectType);
        notice.put("subjectKey", subjectKey);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + EmbeddedStack.KAFKA,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            var record = new ProducerRecord<>(TOPIC, subjectType + ":" + subjectKey, Http.JSON.writeValueAsString(notice));
            record.headers().add("citybrain-event-type", TYPE.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        } catch (JsonProcessingException | InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("could not announce the change of " + subjectKey, e);
        }
    }

    private SourceChangeNotices() {
    }
}
