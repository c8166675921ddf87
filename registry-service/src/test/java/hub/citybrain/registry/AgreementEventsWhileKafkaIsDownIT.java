package hub.citybrain.registry;

import static hub.citybrain.registry.RegistryMother.agreement;
import static hub.citybrain.registry.RegistryMother.department;
import static hub.citybrain.registry.RegistryMother.resource;
import static hub.citybrain.registry.RegistryMother.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import hub.citybrain.events.Topics;
import hub.citybrain.identity.Level;
import hub.citybrain.identity.Roles;
import hub.citybrain.testsupport.TopicReader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Agreements keep changing while Kafka is unreachable (requests, decisions, an expiry by the sweeper); once a broker
 * appears, every change arrives on {@code citybrain.registry.agreements}, none lost and in order per agreement.
 */
@RegistryWhileKafkaIsDownIT({ "citybrain.outbox.interval=200ms", "citybrain.agreements.expiry-sweep=250ms" })
class AgreementEventsWhileKafkaIsDownIT extends WhileKafkaIsDown {

    final JsonMapper json = JsonMapper.builder().build();

    @Test
    void shouldPublishEveryTransitionInOrderOnceKafkaIsBack() throws Exception {
        var http = api;
        String s = unique();
        String provider = "prov-" + s;
        String consumer = "cons-" + s;
        String resourceId = "res-" + s;
        String admin = RegistryApiIT.admin();
        String providerToken = RegistryApiIT.TOKENS.department(provider, Level.MUNICIPAL, "321000", Roles.PROVIDE);
        String consumerToken = RegistryApiIT.TOKENS.department(consumer, Level.COUNTY, "321084", Roles.QUERY);
        post(http, "/api/v1/departments", admin, department(provider).json(), 201);
        post(http, "/api/v1/departments", admin, department(consumer).json(), 201);
        post(http, "/api/v1/catalog/resources", admin, resource(resourceId, provider)
                .field("open" + s, "UNCONDITIONAL", false).field("cond" + s, "CONDITIONAL", false).json(), 201);

        // agreement id -> (action, reason) applied in this order; the expected statuses follow
        Map<String, List<String>> expected = new LinkedHashMap<>();
        String granted = request(http, consumerToken, resourceId, "open" + s, null);
        act(http, granted, "suspend", providerToken, "audit");
        act(http, granted, "resume", providerToken, null);
        act(http, granted, "suspend", admin, "second audit");
        act(http, granted, "revoke", providerToken, "no longer needed");
        expected.put(granted, List.of("ACTIVE", "SUSPENDED", "ACTIVE", "SUSPENDED", "REVOKED"));

        String approved = request(http, consumerToken, resourceId, "cond" + s, null);
        act(http, approved, "approve", providerToken, null);
        act(http, approved, "suspend", providerToken, "complaint");
        act(http, approved, "resume", admin, "complaint unfounded");
        expected.put(approved, List.of("REQUESTED", "ACTIVE", "SUSPENDED", "ACTIVE"));

        String rejected = request(http, consumerToken, resourceId, "cond" + s, null);
        act(http, rejected, "reject", providerToken, "purpose too broad");
        expected.put(rejected, List.of("REQUESTED", "REJECTED"));

        String expiring = request(http, consumerToken, resourceId, "cond" + s, Instant.now().plusSeconds(2));
        act(http, expiring, "approve", providerToken, null);
        expected.put(expiring, List.of("REQUESTED", "ACTIVE", "EXPIRED"));

        // the sweeper expires one while Kafka is still down, and every event is still waiting in its document
        await().atMost(Duration.ofSeconds(10)).until(() -> "EXPIRED".equals(document(expiring).getString("status")));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(20)).until(() -> expected.entrySet().stream()
                .allMatch(e -> pendingEvents(e.getKey()).size() == e.getValue().size()));

        String brokers = kafka.end(Topics.REGISTRY_AGREEMENTS, Topics.REGISTRY_RESOURCES, Topics.REGISTRY_DEPARTMENTS);

        try (var topic = new TopicReader(brokers, Topics.REGISTRY_AGREEMENTS)) {
            for (var e : expected.entrySet()) {
                List<ConsumerRecord<String, String>> records = await().atMost(Duration.ofSeconds(30))
                        .until(() -> topic.seen(e.getKey()), r -> distinctEvents(r).size() >= e.getValue().size());
                // at-least-once: a redelivered event has the same id; after de-duplication, exactly the changes
                List<JsonNode> events = distinctEvents(records);
                assertThat(events).hasSize(e.getValue().size());
                assertThat(events.stream().map(ev -> ev.path("agreement").path("status").asString()))
                        .as("statuses of %s in order", e.getKey()).containsExactlyElementsOf(e.getValue());
                assertThat(events.stream().map(ev -> ev.path("agreement").path("version").asLong()))
                        .as("versions of %s", e.getKey())
                        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, e.getValue().size())
                                .boxed().toList());
            }
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> expected.keySet().stream().allMatch(id -> pendingEvents(id).isEmpty()));
    }

    List<JsonNode> distinctEvents(List<ConsumerRecord<String, String>> records) {
        Map<String, JsonNode> byEventId = new LinkedHashMap<>();
        records.forEach(r -> {
            JsonNode event = json.readTree(r.value());
            byEventId.putIfAbsent(event.path("eventId").asString(), event);
        });
        return List.copyOf(byEventId.values());
    }

    String request(RegistryApi http, String token, String resourceId, String field, Instant validUntil) {
        var body = agreement("agr-" + unique(), null, resourceId, field).without("consumer");
        if (validUntil != null) {
            body.with("validUntil", validUntil.toString());
        }
        JsonNode created = json.readTree(post(http, "/api/v1/agreements", token, body.json(), 201));
        return created.path("id").asString();
    }

    void act(RegistryApi http, String id, String action, String token, String reason) {
        post(http, "/api/v1/agreements/" + id + "/" + action, token,
                reason == null ? Map.of() : Map.of("reason", reason), 200);
    }

    static String post(RegistryApi http, String path, String token, Object body, int status) {
        return http.post(path, token, body)
                .expectStatus().isEqualTo(status)
                .expectBody(String.class).returnResult().getResponseBody();
    }

    Document document(String id) {
        return document("agreements", id);
    }

    List<Document> pendingEvents(String id) {
        return pendingEvents("agreements", id);
    }
}
