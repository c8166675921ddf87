package hub.citybrain.registry;

import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * MongoDB health by {@code ping}, which both real MongoDB and the embedded wire server (mongo-java-server)
 * answer; Boot's own indicator sends {@code hello}, which the wire server does not know.
 */
@Component("mongoHealthIndicator")
class MongoHealthIndicator extends AbstractReactiveHealthIndicator {

    private final ReactiveMongoTemplate mongo;

    MongoHealthIndicator(ReactiveMongoTemplate mongo) {
        super("MongoDB health check failed");
        this.mongo = mongo;
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        return mongo.executeCommand(new Document("ping", 1))
                .map(answer -> builder.up().withDetail("command", "ping").build());
    }
}
