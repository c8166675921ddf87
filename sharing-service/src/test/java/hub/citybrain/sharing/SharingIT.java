package hub.citybrain.sharing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;

import hub.citybrain.sharing.query.PolicyPublisher;
import hub.citybrain.testsupport.EmbeddedMongoConfiguration;

/**
 * The sharing service started whole on a random port, as its Spring ITs run it: a MongoDB wire server and a Kafka
 * broker of its own (and a {@link PolicyPublisher} on it), {@link TrustTestTokens} trusted, a test-only key for
 * subject hashes. {@link #value()} adds the
 * test's own properties.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = "citybrain.sharing.subject-hmac-key=test-only-hmac-key-0123456789")
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import({ TrustTestTokens.class, EmbeddedMongoConfiguration.class, PolicyPublisher.OnTheTestBroker.class })
public @interface SharingIT {

    @AliasFor(annotation = SpringBootTest.class, attribute = "properties")
    String[] value() default {};
}
