package hub.citybrain.support.kafka;

import java.util.Arrays;
import java.util.List;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import hub.citybrain.events.TopicSpec;
import hub.citybrain.events.Topics;

/**
 * The topics a service reads or writes, as one bean for Spring's {@link KafkaAdmin} to create where they are
 * missing, each as {@link Topics#spec} describes it. A service declares every topic it uses, not only those it
 * writes, so that start order does not matter.
 */
public final class DeclaredTopics {

    private DeclaredTopics() {
    }

    public static KafkaAdmin.NewTopics of(String... topics) {
        return new KafkaAdmin.NewTopics(newTopics(topics).toArray(NewTopic[]::new));
    }

    static List<NewTopic> newTopics(String... topics) {
        return Arrays.stream(topics).map(Topics::spec).map(DeclaredTopics::newTopic).toList();
    }

    static NewTopic newTopic(TopicSpec spec) {
        TopicBuilder topic = TopicBuilder.name(spec.name()).partitions(1).replicas(1).configs(spec.config());
        return (spec.compacted() ? topic.compact() : topic).build();
    }
}
