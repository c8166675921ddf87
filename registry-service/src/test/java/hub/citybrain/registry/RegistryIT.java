package hub.citybrain.registry;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.kafka.test.context.EmbeddedKafka;

import hub.citybrain.testsupport.EmbeddedMongoConfiguration;

/**
 * The registry started whole on a random port, as its ITs run it: a MongoDB wire server and a Kafka broker of its
 * own, test tokens trusted, Keycloak's admin API replaced by a recording stand-in. {@link #value()} adds the test's
 * own properties.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import({ RegistryApiIT.TrustTestTokens.class, RecordingDepartmentClients.Config.class,
        EmbeddedMongoConfiguration.class })
@interface RegistryIT {

    @AliasFor(annotation = SpringBootTest.class, attribute = "properties")
    String[] value() default {};
}
