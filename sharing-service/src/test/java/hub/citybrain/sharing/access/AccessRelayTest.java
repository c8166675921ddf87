package hub.citybrain.sharing.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.mongodb.client.result.UpdateResult;
import hub.citybrain.events.AccessRecorded;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.UpdateDefinition;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

class AccessRelayTest {

    @Test
    @SuppressWarnings("unchecked")
    void shouldDrainTheHandedOverRecordsWhenAFullSweepFindsOnlyThem() {
        // a full page of unpublished records, every one of them already handed over (Kafka was away, their rounds
        // failed and put them back in the queue): the sweep has nothing of its own to publish
        List<AccessRecord> unpublished = IntStream.range(0, AccessRelay.PAGE).mapToObj(AccessRelayTest::record).toList();
        ReactiveMongoTemplate mongo = mock(ReactiveMongoTemplate.class);
        when(mongo.find(any(Query.class), eq(AccessRecord.class))).thenReturn(Flux.fromIterable(unpublished));
        when(mongo.updateMulti(any(Query.class), any(UpdateDefinition.class), eq(AccessRecord.class)))
                .thenReturn(Mono.just(UpdateResult.acknowledged(AccessRelay.PAGE, (long) AccessRelay.PAGE, null)));
        KafkaTemplate<String, String> kafka = mock(KafkaTemplate.class);
        List<String> sent = new ArrayList<>();
        when(kafka.send(any(ProducerRecord.class))).thenAnswer(call -> {
            sent.add(((ProducerRecord<String, String>) call.getArgument(0)).key());
            return CompletableFuture.completedFuture(null);
        });
        AccessRelay relay = new AccessRelay(mongo, kafka, JsonMapper.builder().build(), Duration.ofMillis(200),
                Duration.ofSeconds(30));
        unpublished.forEach(relay::handOver);

        assertThat(relay.relayOnce().block()).as("the first round is the start-up sweep").isZero();
        // the next rounds publish the queue instead of sweeping the same page again and again
        int published = 0;
        for (int round = 0; round < 3 && published < AccessRelay.PAGE; round++) {
            published += relay.relayOnce().block();
        }

        assertThat(published).isEqualTo(AccessRelay.PAGE);
        assertThat(sent).hasSize(AccessRelay.PAGE).containsExactlyElementsOf(
                unpublished.stream().map(AccessRecord::queryId).toList());
    }

    private static AccessRecord record(int i) {
        String id = "q-" + i;
        AccessRecorded.Access access = new AccessRecorded.Access(id, Instant.parse("2026-11-29T03:00:00Z").plusMillis(i),
                "gaoyou.civil-affairs", "COUNTY", null, "gaoyou.civil-affairs", "svc", "PERSON", "hash", "SUBSISTENCE_REVIEW",
                List.of("chaosA1"), List.of("chaosA1"), List.of(), List.of(), List.of("agr-chaos-a"), "ANSWERED", null,
                "QUERY");
        return new AccessRecord(id, access, "event-" + i, null, null);
    }
}
