package hub.citybrain.registry;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import hub.citybrain.testsupport.EmbeddedMongoConfiguration;
import hub.citybrain.testsupport.KafkaOutageConfiguration;

/**
 * The registry started as in {@link RegistryIT}, but with nothing answering at its Kafka address until the test
 * autowires the {@link hub.citybrain.testsupport.KafkaOutage} and ends it. The context is closed after the class,
 * so that its producer stops retrying and the broker goes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {
        // topics are created by the broker the test starts; do not wait on an unreachable admin at start-up
        "spring.kafka.admin.auto-create=false",
        "spring.kafka.producer.properties.max.block.ms=1000",
        "spring.kafka.producer.properties.reconnect.backoff.max.ms=500" })
@Import({ RegistryApiIT.TrustTestTokens.class, RecordingDepartmentClients.Config.class,
        EmbeddedMongoConfiguration.class, KafkaOutageConfiguration.class })
@DirtiesContext
@interface RegistryWhileKafkaIsDownIT {

    @AliasFor(annotation = SpringBootTest.class, attribute = "properties")
    String[] value() default {};
}
