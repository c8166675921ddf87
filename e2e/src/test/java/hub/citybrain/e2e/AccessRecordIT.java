package hub.citybrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import hub.citybrain.devstack.world.DemoWorld;

/** Every answered query leaves an access record, in MongoDB and on Kafka, with no ID number in clear. */
@ExtendWith(EmbeddedStack.class)
@DisplayName("Access records of answered queries")
class AccessRecordIT {

    @Test
    @DisplayName("after a query its access record is in MongoDB and on the Kafka topic")
    void shouldRecordEveryAnsweredQuery() throws Exception {
        String token = Tokens.clientCredentials("gaoyou.civil-affairs");
        Map<String, Object> query = Map.of("subjectType", "PERSON", "subjectKey", DemoWorld.SHOWCASE_ID_NUMBER,
                "fields", List.of("name", "partyMember"), "purpose", "SUBSISTENCE_REVIEW");
        Http.Response response = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> Http.post(EmbeddedStack.gateway() + "/api/v1/queries", token, query, Map.of()),
                        r -> r.status() == 200 && r.body().path("fields").has("name"));
        String queryId = response.body().path("queryId").asText();
        assertThat(queryId).isNotBlank();

        try (MongoClient mongo = MongoClients.create("mongodb://127.0.0.1:" + EmbeddedStack.MONGO)) {
            Document stored = mongo.getDatabase("sharing").getCollection("access_records")
                    .find(new Document("_id", queryId)).first();
            assertThat(stored).as("access record %s in MongoDB", queryId).isNotNull();
            Document access = stored.get("access", Document.class);
            assertThat(access.getString("consumer")).isEqualTo("gaoyou.civil-affairs");
            assertThat(access.getList("fieldsGiven", String.class)).containsExactly("name");
            assertThat(access.getString("subjectKeyHash")).hasSize(64);
            assertThat(stored.toJson()).doesNotContain(DemoWorld.SHOWCASE_ID_NUMBER);
        }

        try (KafkaConsumer<String, String> consumer = AccessTopic.consumer()) {
            JsonNode[] found = new JsonNode[1];
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (queryId.equals(record.key())) {
                        found[0] = Http.JSON.readTree(record.value());
                    }
                }
                return found[0] != null;
            });
            JsonNode event = found[0];
            assertThat(event.path("type").asText()).isEqualTo("citybrain.sharing.access-recorded.v1");
            assertThat(event.path("eventId").asText()).isNotBlank();
            assertThat(event.path("access").path("queryId").asText()).isEqualTo(queryId);
            assertThat(event.path("access").path("denied").get(0).path("field").asText()).isEqualTo("partyMember");
            assertThat(event.toString()).doesNotContain(DemoWorld.SHOWCASE_ID_NUMBER);
        }
    }
}
