package hub.citybrain.sharing.query;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static hub.citybrain.sharing.query.PolicyMother.agreement;
import static hub.citybrain.sharing.query.PolicyMother.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import com.github.tomakehurst.wiremock.WireMockServer;

import hub.citybrain.events.Topics;
import hub.citybrain.identity.Level;
import hub.citybrain.identity.Roles;
import hub.citybrain.testsupport.TestTokens;
import hub.citybrain.sharing.policy.PolicyView;
import hub.citybrain.testsupport.EmbeddedMongo;
import hub.citybrain.testsupport.KafkaBrokers;
import hub.citybrain.testsupport.WireMocks;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sharing service keeps its view of the catalog and the agreements in memory only; a restarted service must
 * rebuild it from the registry's compacted topics before it answers as before, with no help from the registry,
 * and then follow new changes within seconds.
 */
class PolicyRebuiltAfterRestartIT {

    static final TestTokens TOKENS = new TestTokens();
    static final String CONSUMER = "gaoyou.civil-affairs";
    static final String SUBJECT = "321084198001010033";

    static EmbeddedKafkaKraftBroker kafka;
    static EmbeddedMongo mongo;
    static String mongoUri;
    static WireMockServer source;
    static KafkaProducer<String, String> producer;
    final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void startInfrastructure() {
        kafka = KafkaBrokers.started();
        mongo = EmbeddedMongo.started();
        mongoUri = mongo.uri();
        source = WireMocks.started();
        source.stubFor(get(urlPathMatching("/people/.*")).willReturn(okJson("{\"name\": \"陈静\"}")));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void stopInfrastructure() {
        producer.close();
        source.stop();
        mongo.stop();
        kafka.destroy();
    }

    void send(String topic, String key, String type, String payload) throws Exception {
        var record = new ProducerRecord<>(topic, key, payload);
        record.headers().add(Topics.TYPE_HEADER, type.getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
    }

    @Test
    void shouldRebuildThePolicyFromTheTopicsAfterARestartAndFollowLaterChanges() throws Exception {
        var population = resource("res-population").field("name").at(source.baseUrl()).path("/people/{subjectKey}");
        var granted = agreement("agr-rebuild").consumer(CONSUMER).on(population.build(), "name");
        send(Topics.REGISTRY_RESOURCES, "res-population", population.event().type(),
                json.writeValueAsString(population.event()));
        send(Topics.REGISTRY_AGREEMENTS, "agr-rebuild", granted.event().type(), json.writeValueAsString(granted.event()));
        String token = TOKENS.department(CONSUMER, Level.COUNTY, "321084", Roles.QUERY);

        try (var first = RunningSharingService.start(TOKENS, kafka.getBrokersAsString(), mongoUri)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    first.query(token, SUBJECT, List.of("name")).body().at("/fields/name/value").asString())
                    .isEqualTo("陈静"));
        }

        // Nothing is published while the service is down; the new instance must find it all on the topics.
        try (var second = RunningSharingService.start(TOKENS, kafka.getBrokersAsString(), mongoUri)) {
            PolicyView policy = second.bean(PolicyView.class);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(policy.resourceCount()).isEqualTo(1);
                assertThat(policy.agreement("agr-rebuild")).hasValueSatisfying(
                        a -> assertThat(a.status()).isEqualTo("ACTIVE"));
            });
            assertThat(second.query(token, SUBJECT, List.of("name")).body().at("/fields/name/value").asString())
                    .isEqualTo("陈静");

            var revoked = granted.status("REVOKED").version(2).event();
            long sent = System.nanoTime();
            send(Topics.REGISTRY_AGREEMENTS, "agr-rebuild", revoked.type(), json.writeValueAsString(revoked));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
                var answer = second.query(token, SUBJECT, List.of("name")).body();
                assertThat(answer.at("/fields/name").isMissingNode()).isTrue();
                assertThat(answer.at("/denied/0/reason").asString()).isEqualTo("NO_AGREEMENT");
            });
            System.out.printf("revocation followed %d ms after it was published%n",
                    Duration.ofNanos(System.nanoTime() - sent).toMillis());
        }
    }
}
