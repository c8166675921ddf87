package hub.citybrain.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void topicNamesAndTypeStringsAreStableAndNeverClassNames() {
        assertThat(Topics.REGISTRY_AGREEMENTS).isEqualTo("citybrain.registry.agreements");
        assertThat(Topics.SHARING_ACCESS).isEqualTo("citybrain.sharing.access");
        assertThat(Topics.AUDIT_CHECKPOINTS).isEqualTo("citybrain.audit.checkpoints");
        for (String type : List.of(AgreementChanged.TYPE, ResourceChanged.TYPE, DepartmentChanged.TYPE,
                AccessRecorded.TYPE, SubjectChanged.TYPE, AuditCheckpointed.TYPE)) {
            assertThat(type).startsWith("citybrain.").doesNotContain("hub.citybrain").endsWith(".v1");
        }
    }

    @Test
    void factoriesStampTheTypeString() {
        var event = AgreementChanged.of("e1", Instant.EPOCH, null);
        assertThat(event.type()).isEqualTo(AgreementChanged.TYPE);
        assertThat(event.eventId()).isEqualTo("e1");
    }

    @Test
    void checkpointSignsOneLinePerFieldWithoutATrailingNewline() {
        var checkpoint = new AuditCheckpointed.Checkpoint(42, "ab".repeat(32), Instant.parse("2026-11-28T10:15:30.123Z"),
                "k", "s");
        assertThat(new String(checkpoint.signedText(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("citybrain-audit-checkpoint.v1\n42\n" + "ab".repeat(32) + "\n2026-11-28T10:15:30.123Z");
        assertThat(AuditCheckpointed.of("e", checkpoint).occurredAt()).isEqualTo(checkpoint.checkpointedAt());
    }
}
