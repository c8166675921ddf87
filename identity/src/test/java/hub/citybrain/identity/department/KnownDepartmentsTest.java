package hub.citybrain.identity.department;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
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
}
