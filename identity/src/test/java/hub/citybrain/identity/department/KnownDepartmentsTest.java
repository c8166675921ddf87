package hub.citybrain.identity.department;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import hub.citybrain.events.DepartmentChanged;
import hub.citybrain.events.Topics;
import tools.jackson.databind.json.JsonMapper;

class KnownDepartmentsTest {

    final KnownDepartments departments = new KnownDepartments();
    final JsonMapper json = JsonMapper.builder().build();
    final DepartmentStatusFeed feed = new DepartmentStatusFeed(departments, json);
    long offset;

    void receive(String code, String status, long version) {
        var event = DepartmentChanged.of("e-" + offset, Instant.now(), new DepartmentChanged.Department(code,
                "车逻镇", "Chelu Town", "TOWNSHIP", "321084", "CONSUMER", status, version));
        feed.onMessage(new ConsumerRecord<>(Topics.REGISTRY_DEPARTMENTS, 0, offset++, code,
                json.writeValueAsString(event)));
    }

    @Test
    void shouldKnowNoDepartmentAsInactiveUntilTheRegistrySaysSo() {
        assertThat(departments.isInactive("chelu.township-office")).isFalse();
        assertThat(departments.isInactive(null)).isFalse();

        receive("chelu.township-office", "ACTIVE", 1);
        assertThat(departments.isInactive("chelu.township-office")).isFalse();
        receive("chelu.township-office", "INACTIVE", 2);
        assertThat(departments.isInactive("chelu.township-office")).isTrue();
        assertThat(departments.isInactive("gaoyou.civil-affairs")).isFalse();
        receive("chelu.township-office", "ACTIVE", 3);
        assertThat(departments.isInactive("chelu.township-office")).isFalse();
    }

    @Test
    void shouldKeepTheNewestVersionWhenAnOlderOneArrivesLate() {
        receive("chelu.township-office", "INACTIVE", 4);
        receive("chelu.township-office", "ACTIVE", 3);
        assertThat(departments.isInactive("chelu.township-office")).isTrue();
    }

    @Test
    void shouldForgetADepartmentOnATombstone() {
        receive("chelu.township-office", "INACTIVE", 2);
        feed.onMessage(new ConsumerRecord<>(Topics.REGISTRY_DEPARTMENTS, 0, offset++, "chelu.township-office", null));
        assertThat(departments.isInactive("chelu.township-office")).isFalse();
    }

    @Test
    void shouldSkipAnUnreadableRecordAndGoOn() {
        feed.onMessage(new ConsumerRecord<>(Topics.REGISTRY_DEPARTMENTS, 0, offset++, "x", "not json"));
        receive("chelu.township-office", "INACTIVE", 2);
        assertThat(departments.isInactive("chelu.township-office")).isTrue();
    }

    @Test
    void shouldCountAsReplayedOnceTheRecordsPresentAtAssignmentAreApplied() {
        assignPartitionEndingAt(3L);
        assertThat(departments.replayed()).isFalse();
        receive("a", "ACTIVE", 1);
        receive("b", "INACTIVE", 2);
        assertThat(departments.replayed()).isFalse();
        receive("c", "ACTIVE", 1);
        assertThat(departments.replayed()).isTrue();
    }

    @Test
    void shouldCountAnEmptyTopicOrNoAssignmentAsReplayed() {
        assignPartitionEndingAt(0L);
        assertThat(departments.replayed()).isTrue();

        var otherDepartments = new KnownDepartments();
        var other = new DepartmentStatusFeed(otherDepartments, json);
        Consumer<?, ?> none = mock(Consumer.class);
        when(none.endOffsets(List.of())).thenReturn(Map.of());
        other.onPartitionsAssigned(none, List.of());
        assertThat(otherDepartments.replayed()).isTrue();
    }

    /** The feed is assigned the topic's partition, read from its start, with this end offset. */
    void assignPartitionEndingAt(long endOffset) {
        TopicPartition partition = new TopicPartition(Topics.REGISTRY_DEPARTMENTS, 0);
        Consumer<?, ?> consumer = mock(Consumer.class);
        when(consumer.endOffsets(List.of(partition))).thenReturn(Map.of(partition, endOffset));
        when(consumer.position(partition)).thenReturn(0L);
        feed.onPartitionsAssigned(consumer, List.of(partition));
    }
}
