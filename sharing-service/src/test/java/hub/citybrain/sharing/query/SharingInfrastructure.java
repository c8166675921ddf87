package hub.citybrain.sharing.query;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import com.github.tomakehurst.wiremock.WireMockServer;

import hub.citybrain.testsupport.EmbeddedMongo;
import hub.citybrain.testsupport.KafkaBrokers;
import hub.citybrain.testsupport.TestTokens;
import hub.citybrain.testsupport.WireMocks;

/**
 * What the sharing service runs against, for tests that start (and stop, and start again) the service themselves: a
 * Kafka broker, a MongoDB wire server and a stand-in source system, all started here and outliving every service
 * started on them, as a real deployment's do.
 */
public final class SharingInfrastructure implements AutoCloseable {

    private final EmbeddedKafkaKraftBroker kafka = KafkaBrokers.started();
    private final EmbeddedMongo mongo = EmbeddedMongo.started();
    private final WireMockServer source = WireMocks.started();

    public String bootstrapServers() {
        return kafka.getBrokersAsString();
    }

    public String mongoUri() {
        return mongo.uri();
    }

    /** The stand-in source system; stub it before the policy points a resource at its {@code baseUrl()}. */
    public WireMockServer source() {
        return source;
    }

    /** A publisher on the registry's topics of this broker; close it when done. */
    public PolicyPublisher policyPublisher() {
        return new PolicyPublisher(bootstrapServers());
    }

    /** The sharing service started on this infrastructure, trusting {@code tokens}, with these extra properties. */
    public RunningSharingService startService(TestTokens tokens, String... properties) {
        return RunningSharingService.start(tokens, bootstrapServers(), mongoUri(), properties);
    }

    @Override
    public void close() {
        source.stop();
        mongo.stop();
        kafka.destroy();
    }
}
