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
        for (String type : List.of(AgreementChanged.TYPE, ResourceChanged.TYPE, DepartmentChanged.TYPE,
                AccessRecorded.TYPE, SubjectChanged.TYPE)) {
            assertThat(type).startsWith("citybrain.").doesNotContain("hub.citybrain").endsWith(".v1");
        }
    }

    @Test
    void factoriesStampTheTypeString() {
        var event = AgreementChanged.of("e1", Instant.EPOCH, null);
        assertThat(event.type()).isEqualTo(AgreementChanged.TYPE);
        assertThat(event.eventId()).isEqualTo("e1");
    }
}
