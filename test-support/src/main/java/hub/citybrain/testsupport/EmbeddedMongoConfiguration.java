package hub.citybrain.testsupport;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * An {@link EmbeddedMongo} of the test's own application context, with {@code spring.mongodb.uri} pointing at it.
 * Imported by the Boot ITs instead of each declaring a static server and a {@code @DynamicPropertySource}; a test
 * that stops and restarts the database autowires the {@link EmbeddedMongo}.
 */
@Configuration(proxyBeanMethods = false)
public class EmbeddedMongoConfiguration {

    @Bean(destroyMethod = "stop")
    EmbeddedMongo embeddedMongo() {
        return EmbeddedMongo.started();
    }

    @Bean
    DynamicPropertyRegistrar embeddedMongoAddress(EmbeddedMongo mongo) {
        return mongo::register;
    }
}
