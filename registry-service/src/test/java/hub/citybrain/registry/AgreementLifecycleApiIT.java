package hub.citybrain.registry;

import static hub.citybrain.registry.RegistryMother.agreement;
import static hub.citybrain.registry.RegistryMother.department;
import static hub.citybrain.registry.RegistryMother.resource;
import static hub.citybrain.registry.RegistryMother.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.web.reactive.server.WebTestClient;

import hub.citybrain.events.Topics;
import hub.citybrain.identity.Level;
import hub.citybrain.identity.Roles;
import hub.citybrain.testsupport.TopicReader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The life of an agreement through the API: request, automatic grant, the provider's decisions, expiry. */
@RegistryIT({ "citybrain.outbox.interval=100ms", "citybrain.agreements.expiry-sweep=250ms" })
class AgreementLifecycleApiIT {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Autowired
    RegistryApi api;
    final JsonMapper json = JsonMapper.builder().build();

    // ---- tokens: a department's service account is named by its client id in the history

    static String admin() {
        return RegistryApiIT.admin();
    }

    static String consumerToken(String dept) {
        return RegistryApiIT.TOKENS.department(dept, Level.COUNTY, "321084", Roles.QUERY);
    }

    static String providerToken(String dept) {
        return RegistryApiIT.TOKENS.department(dept, Level.MUNICIPAL, "321000", Roles.PROVIDE);
    }

    // ---- the world: a provider with a resource of open, conditional and secret fields; a consumer; a rival provider

    record World(String provider, String consumer, String rival, String resourceId, String open, String conditional,
            String secret) {
    }

    World world() {
        String s = unique();
        World w = new World("prov-" + s, "cons-" + s, "rival-" + s, "res-" + s, "name" + s, "income" + s,
                "religion" + s);
        for (String dept : List.of(w.provider(), w.consumer(), w.rival())) {
            post("/api/v1/departments", admin(), department(dept).json()).expectStatus().isCreated();
        }
        post("/api/v1/catalog/resources", admin(), resource(w.resourceId(), w.provider())
                .field(w.open(), "UNCONDITIONAL", false).field(w.conditional(), "CONDITIONAL", false)
                .field(w.secret(), "NOT_SHARED", false).json())
                .expectStatus().isCreated();
        return w;
    }

    /** The consumer asks for itself (no {@code consumer} member): the caller's department is the consumer. */
    RegistryMother.Body request(World w, String... fields) {
        return agreement("agr-" + unique(), null, w.resourceId(), fields).without("consumer");
    }

    String requested(World w) {
        JsonNode a = created(post("/api/v1/agreements", consumerToken(w.consumer()),
                request(w, w.open(), w.conditional()).json()));
        assertThat(a.path("status").asString()).isEqualTo("REQUESTED");
        return a.path("id").asString();
    }

    // ---- HTTP

    WebTestClient.ResponseSpec post(String path, String token, Object body) {
        return api.post(path, token, body);
    }

    WebTestClient.ResponseSpec act(String id, String action, String token, String reason) {
        return post("/api/v1/agreements/" + id + "/" + action, token, reason == null ? null : Map.of("reason", reason));
    }

    JsonNode get(String path, String token) {
        return body(api.get(path, token), 200);
    }

    JsonNode body(WebTestClient.ResponseSpec response, int status) {
        var result = response.expectBody(String.class).returnResult();
        assertThat(result.getStatus().value()).as("status of %s %s: %s", result.getMethod(), result.getUrl(),
                result.getResponseBody()).isEqualTo(status);
        return json.readTree(result.getResponseBody());
    }

    JsonNode created(WebTestClient.ResponseSpec response) {
        return body(response, 201);
    }

    JsonNode ok(WebTestClient.ResponseSpec response) {
        return body(response, 200);
    }

    static void expectProblem(WebTestClient.ResponseSpec response, int status, String code) {
        RegistryApiIT.expectProblem(response, status, code);
    }

    /** Waits until {@code count} events of this agreement are on the topic; returns their payloads in order. */
    List<JsonNode> events(String id, int count) {
        try (var topic = new TopicReader(bootstrapServers, Topics.REGISTRY_AGREEMENTS)) {
            List<ConsumerRecord<String, String>> records = await().atMost(Duration.ofSeconds(20))
                    .until(() -> topic.seen(id), r -> r.size() >= count);
            return records.stream().map(r -> json.readTree(r.value()).path("agreement")).toList();
        }
    }

    static List<String> statuses(List<JsonNode> agreements) {
        return agreements.stream().map(a -> a.path("status").asString()).toList();
    }

    static List<Long> versions(List<JsonNode> agreements) {
        return agreements.stream().map(a -> a.path("version").asLong()).toList();
    }

    @Nested
    @DisplayName("requesting")
    class Requesting {

        @Test
        void shouldGrantUnconditionalFieldsAtOnceAndSayWhoDidWhat() {
            World w = world();

            JsonNode a = created(post("/api/v1/agreements", consumerToken(w.consumer()), request(w, w.open()).json()));

            assertThat(a.path("status").asString()).isEqualTo("ACTIVE");
            assertThat(a.path("consumer").asString()).isEqualTo(w.consumer());
            assertThat(a.path("provider").asString()).isEqualTo(w.provider());
            assertThat(a.path("version").asLong()).isEqualTo(1);
            assertThat(a.path("replyBy").isNull() || a.path("replyBy").isMissingNode()).isTrue();
            JsonNode history = a.path("history");
            assertThat(history).hasSize(2);
            assertThat(history.get(0).path("from").isNull()).isTrue();
            assertThat(history.get(0).path("to").asString()).isEqualTo("REQUESTED");
            assertThat(history.get(0).path("by").asString()).isEqualTo(w.consumer());
            assertThat(history.get(0).path("byDepartment").asString()).isEqualTo(w.consumer());
            assertThat(history.get(1).path("from").asString()).isEqualTo("REQUESTED");
            assertThat(history.get(1).path("to").asString()).isEqualTo("ACTIVE");
            assertThat(history.get(1).path("by").asString()).isEqualTo("hub");
            assertThat(history.get(1).path("reason").asString())
                    .isEqualTo("all fields unconditional: granted automatically");

            JsonNode event = events(a.path("id").asString(), 1).get(0);
            assertThat(event.path("status").asString()).isEqualTo("ACTIVE");
            assertThat(event.path("version").asLong()).isEqualTo(1);
        }

        @Test
        void shouldAwaitTheProvidersReplyForConditionalFieldsWithinFiveWorkingDays() {
            World w = world();

            JsonNode a = created(post("/api/v1/agreements", consumerToken(w.consumer()),
                    request(w, w.open(), w.conditional()).json()));

            assertThat(a.path("status").asString()).isEqualTo("REQUESTED");
            assertThat(a.path("history")).hasSize(1);
            Instant requestedAt = Instant.parse(a.path("history").get(0).path("at").asString());
            ZonedDateTime replyBy = Instant.parse(a.path("replyBy").asString()).atZone(CHINA);
            assertThat(replyBy.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
            assertThat(replyBy.toLocalDate()).isEqualTo(fiveWorkingDaysAfter(requestedAt.atZone(CHINA)).toLocalDate());
            assertThat(replyBy.toLocalTime()).isEqualTo(requestedAt.atZone(CHINA).toLocalTime());

            JsonNode event = events(a.path("id").asString(), 1).get(0);
            assertThat(event.path("status").asString()).isEqualTo("REQUESTED");
            assertThat(Instant.parse(event.path("replyBy").asString())).isEqualTo(replyBy.toInstant());
        }

        static ZonedDateTime fiveWorkingDaysAfter(ZonedDateTime day) {
            ZonedDateTime d = day;
            for (int left = 5; left > 0;) {
                d = d.plusDays(1);
                if (d.getDayOfWeek().getValue() <= 5) {
                    left--;
                }
            }
            return d;
        }

        @Test
        void shouldLetAHubAdminRequestOnBehalfOfANamedConsumerOnly() {
            World w = world();

            JsonNode a = created(post("/api/v1/agreements", admin(),
                    agreement("agr-" + unique(), w.consumer(), w.resourceId(), w.conditional()).json()));
            assertThat(a.path("consumer").asString()).isEqualTo(w.consumer());
            assertThat(a.path("history").get(0).path("by").asString()).isEqualTo("hub.ops");

            expectProblem(post("/api/v1/agreements", consumerToken(w.consumer()),
                    agreement("agr-" + unique(), w.rival(), w.resourceId(), w.open()).json()), 403, "FORBIDDEN");
            // naming oneself is fine
            created(post("/api/v1/agreements", consumerToken(w.consumer()),
                    agreement("agr-" + unique(), w.consumer(), w.resourceId(), w.open()).json()));
            // a provider-only token has no business requesting
            expectProblem(post("/api/v1/agreements", providerToken(w.consumer()), request(w, w.open()).json()),
                    403, "FORBIDDEN");
        }

        @Test
        void shouldCheckWhatIsRequested() {
            World w = world();
            String consumer = consumerToken(w.consumer());

            expectProblem(post("/api/v1/agreements", consumer, request(w, w.secret()).json()), 422, "FIELD_NOT_SHARED");
            expectProblem(post("/api/v1/agreements", consumer, request(w, "shoeSize").json()), 422, "UNKNOWN_FIELD");
            expectProblem(post("/api/v1/agreements", consumer, request(w, w.open())
                    .with("resourceId", "res-missing-" + unique()).json()), 422, "UNKNOWN_RESOURCE");
            expectProblem(post("/api/v1/agreements", consumerToken("nobody-" + unique()), request(w, w.open()).json()),
                    422, "UNKNOWN_DEPARTMENT");
            Instant now = Instant.now();
            expectProblem(post("/api/v1/agreements", consumer, request(w, w.open())
                    .with("validFrom", now.toString()).with("validUntil", now.toString()).json()), 400,
                    "INVALID_VALIDITY");
            var body = request(w, w.conditional());
            created(post("/api/v1/agreements", consumer, body.json()));
            expectProblem(post("/api/v1/agreements", consumer, body.json()), 409, "AGREEMENT_EXISTS");
        }
    }

    @Nested
    @DisplayName("deciding")
    class Deciding {

        @Test
        void shouldLetTheProviderApproveSuspendResumeAndRevokeAndKeepWhoWhenAndWhy() {
            World w = world();
            String id = requested(w);
            String provider = providerToken(w.provider());
            Instant start = Instant.now().minusSeconds(1);

            assertThat(ok(act(id, "approve", provider, null)).path("status").asString()).isEqualTo("ACTIVE");
            expectProblem(act(id, "suspend", provider, null), 400, "REASON_REQUIRED");
            expectProblem(act(id, "suspend", provider, "   "), 400, "REASON_REQUIRED");
            assertThat(ok(act(id, "suspend", provider, "source system under audit")).path("status").asString())
                    .isEqualTo("SUSPENDED");
            assertThat(ok(act(id, "resume", provider, "audit closed")).path("status").asString())
                    .isEqualTo("ACTIVE");
            expectProblem(act(id, "revoke", provider, ""), 400, "REASON_REQUIRED");
            JsonNode revoked = ok(act(id, "revoke", provider, "purpose no longer pursued"));
            assertThat(revoked.path("status").asString()).isEqualTo("REVOKED");
            assertThat(revoked.path("version").asLong()).isEqualTo(5);

            JsonNode history = get("/api/v1/agreements/" + id, consumerToken(w.consumer())).path("history");
            assertThat(history).hasSize(5);
            assertThat(history.get(0).path("from").isNull()).isTrue();
            assertThat(history.valueStream().map(t -> t.path("from").asString("") + "->" + t.path("to").asString()))
                    .containsExactly("->REQUESTED", "REQUESTED->ACTIVE", "ACTIVE->SUSPENDED", "SUSPENDED->ACTIVE",
                            "ACTIVE->REVOKED");
            assertThat(history.valueStream().skip(1).map(t -> t.path("by").asString())).containsOnly(w.provider());
            assertThat(history.valueStream().skip(1).map(t -> t.path("byDepartment").asString()))
                    .containsOnly(w.provider());
            assertThat(history.valueStream().map(t -> t.path("reason").asString(null)))
                    .containsExactly(null, null, "source system under audit", "audit closed",
                            "purpose no longer pursued");
            assertThat(history.valueStream().skip(1).map(t -> Instant.parse(t.path("at").asString())))
                    .allSatisfy(at -> assertThat(at).isBetween(start, Instant.now()))
                    .isSorted();

            expectProblem(act(id, "resume", provider, null), 409, "ILLEGAL_TRANSITION");

            List<JsonNode> events = events(id, 5);
            assertThat(statuses(events)).containsExactly("REQUESTED", "ACTIVE", "SUSPENDED", "ACTIVE", "REVOKED");
            assertThat(versions(events)).containsExactly(1L, 2L, 3L, 4L, 5L);
        }

        @Test
        void shouldLetTheProviderRejectOnlyWithAReason() {
            World w = world();
            String id = requested(w);
            String provider = providerToken(w.provider());

            expectProblem(act(id, "reject", provider, null), 400, "REASON_REQUIRED");
            JsonNode rejected = ok(act(id, "reject", provider, "purpose does not need income data"));

            assertThat(rejected.path("status").asString()).isEqualTo("REJECTED");
            JsonNode last = rejected.path("history").get(1);
            assertThat(last.path("to").asString()).isEqualTo("REJECTED");
            assertThat(last.path("by").asString()).isEqualTo(w.provider());
            assertThat(last.path("reason").asString()).isEqualTo("purpose does not need income data");
            expectProblem(act(id, "approve", provider, null), 409, "ILLEGAL_TRANSITION");
            assertThat(statuses(events(id, 2))).containsExactly("REQUESTED", "REJECTED");
        }

        @Test
        void shouldLetAHubAdminDecideToo() {
            World w = world();
            String id = requested(w);

            ok(act(id, "approve", admin(), "approved at the data authority's weekly review"));
            JsonNode suspended = ok(act(id, "suspend", admin(), "complaint under review"));

            assertThat(suspended.path("status").asString()).isEqualTo("SUSPENDED");
            assertThat(suspended.path("history").get(1).path("by").asString()).isEqualTo("hub.ops");
            assertThat(suspended.path("history").get(1).path("reason").asString())
                    .isEqualTo("approved at the data authority's weekly review");
            assertThat(suspended.path("history").get(2).path("by").asString()).isEqualTo("hub.ops");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = { "approve", "reject", "suspend", "resume", "revoke" })
        void shouldRefuseTheConsumerAndHideTheAgreementFromOtherProviders(String action) {
            World w = world();
            String id = requested(w);

            expectProblem(act(id, action, consumerToken(w.consumer()), "because"), 403, "FORBIDDEN");
            // a consumer that is also a provider passes the role check, not the relation check
            String both = RegistryApiIT.TOKENS.department(w.consumer(), Level.COUNTY, "321084", Roles.QUERY,
                    Roles.PROVIDE);
            expectProblem(act(id, action, both, "because"), 403, "FORBIDDEN");
            expectProblem(act(id, action, providerToken(w.rival()), "because"), 404, "AGREEMENT_NOT_FOUND");
            expectProblem(act("agr-missing-" + unique(), action, providerToken(w.provider()), "because"), 404,
                    "AGREEMENT_NOT_FOUND");
            assertThat(get("/api/v1/agreements/" + id, admin()).path("status").asString()).isEqualTo("REQUESTED");
        }

        @Test
        void shouldAnswer401WithoutAToken() {
            for (String action : List.of("approve", "reject", "suspend", "resume", "revoke")) {
                expectProblem(act("some-agr", action, null, null), 401, "UNAUTHENTICATED");
            }
        }
    }

    @Nested
    @DisplayName("listing")
    class Listing {

        @Test
        void shouldFilterByStatusConsumerProviderAndResourceWithinWhatTheCallerSees() {
            World w = world();
            String requested = requested(w);
            String active = created(post("/api/v1/agreements", consumerToken(w.consumer()),
                    request(w, w.open()).json())).path("id").asString();
            String provider = providerToken(w.provider());

            JsonNode listed = get("/api/v1/agreements?status=REQUESTED&provider=" + w.provider(), provider);
            assertThat(listed.valueStream().map(a -> a.path("id").asString())).containsExactly(requested);
            assertThat(listed.get(0).path("replyBy").asString()).isNotBlank();
            assertThat(listed.get(0).path("history")).hasSize(1);

            assertThat(get("/api/v1/agreements?resourceId=" + w.resourceId() + "&consumer=" + w.consumer(), admin())
                    .valueStream().map(a -> a.path("id").asString())).containsExactlyInAnyOrder(requested, active).isSorted();
            assertThat(get("/api/v1/agreements?status=ACTIVE&resourceId=" + w.resourceId(),
                    consumerToken(w.consumer())).valueStream().map(a -> a.path("id").asString()))
                    .containsExactly(active);
            assertThat(get("/api/v1/agreements?provider=" + w.provider(), providerToken(w.rival()))).isEmpty();
        }
    }

    @Nested
    @DisplayName("expiring")
    class Expiring {

        @Test
        void shouldExpireActiveAndSuspendedAgreementsWhenTheirValidityEnds() {
            World w = world();
            Instant now = Instant.now();
            String active = created(post("/api/v1/agreements", consumerToken(w.consumer()), request(w, w.open())
                    .with("validFrom", now.minusSeconds(3600).toString())
                    .with("validUntil", now.plusSeconds(2).toString()).json())).path("id").asString();
            String suspended = created(post("/api/v1/agreements", consumerToken(w.consumer()),
                    request(w, w.conditional()).with("validFrom", now.minusSeconds(3600).toString())
                            .with("validUntil", now.plusSeconds(3).toString()).json())).path("id").asString();
            ok(act(suspended, "approve", providerToken(w.provider()), null));
            ok(act(suspended, "suspend", providerToken(w.provider()), "checking the consumer's purpose"));

            for (String id : List.of(active, suspended)) {
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                        assertThat(get("/api/v1/agreements/" + id, admin()).path("status").asString())
                                .isEqualTo("EXPIRED"));
            }

            JsonNode expired = get("/api/v1/agreements/" + suspended, consumerToken(w.consumer()));
            JsonNode last = expired.path("history").get(expired.path("history").size() - 1);
            assertThat(last.path("from").asString()).isEqualTo("SUSPENDED");
            assertThat(last.path("by").asString()).isEqualTo("hub");
            assertThat(last.path("reason").asString()).isEqualTo("validity ended");
            assertThat(Instant.parse(last.path("at").asString())).isAfterOrEqualTo(now.plusSeconds(3).minusMillis(1));
            expectProblem(act(suspended, "resume", providerToken(w.provider()), null), 409, "ILLEGAL_TRANSITION");

            List<JsonNode> activeEvents = events(active, 2);
            assertThat(statuses(activeEvents)).containsExactly("ACTIVE", "EXPIRED");
            assertThat(versions(activeEvents)).containsExactly(1L, 2L);
            assertThat(statuses(events(suspended, 4))).containsExactly("REQUESTED", "ACTIVE", "SUSPENDED", "EXPIRED");
        }
    }
}
