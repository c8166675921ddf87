package hub.citybrain.support.health;

import java.time.Duration;

import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

import reactor.core.publisher.Mono;

/**
 * MongoDB health by {@code ping}, which both real MongoDB and the embedded wire server (mongo-java-server)
 * answer; Boot's own indicator sends {@code hello}, which the wire server does not know. A short timeout keeps
 * readiness from hanging on the driver's server selection (30 s by default) when MongoDB is gone.
 */
public class MongoPingHealthIndicator extends AbstractReactiveHealthIndicator {

    private final ReactiveMongoTemplate mongo;
    private final Duration timeout;

    public MongoPingHealthIndicator(ReactiveMongoTemplate mongo, Duration timeout) {
        super("MongoDB health check failed");
        this.mongo = mongo;
        this.timeout = timeout;
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        return mongo.executeCommand(new Document("ping", 1))
                .timeout(timeout)
                .map(answer -> builder.up().withDetail("command", "ping").build());
    }
}
