package hub.citybrain.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import hub.citybrain.events.Topics;

class DeclaredTopicsTest {

    @Test
    void shouldCreateEachTopicAsTheContractsDescribeIt() {
        Map<String, NewTopic> topics = DeclaredTopics.newTopics(Topics.REGISTRY_AGREEMENTS, Topics.SHARING_ACCESS,
                Topics.AUDIT_CHECKPOINTS).stream()
                .collect(Collectors.toMap(NewTopic::name, t -> t));

        assertThat(topics).containsOnlyKeys(Topics.REGISTRY_AGREEMENTS, Topics.SHARING_ACCESS, Topics.AUDIT_CHECKPOINTS);
        assertThat(topics.values()).allSatisfy(t -> {
            assertThat(t.numPartitions()).isEqualTo(1);
            assertThat(t.replicationFactor()).isEqualTo((short) 1);
        });
        assertThat(topics.get(Topics.REGISTRY_AGREEMENTS).configs()).containsEntry("cleanup.policy", "compact");
        assertThat(topics.get(Topics.SHARING_ACCESS).configs()).isNull(); // the broker's defaults
        assertThat(topics.get(Topics.AUDIT_CHECKPOINTS).configs()).containsEntry("retention.ms", "-1")
                .doesNotContainKey("cleanup.policy");
    }

    @Test
    void shouldRefuseATopicTheContractsDoNotName() {
        assertThatThrownBy(() -> DeclaredTopics.of("citybrain.nowhere")).isInstanceOf(IllegalArgumentException.class);
    }
}
