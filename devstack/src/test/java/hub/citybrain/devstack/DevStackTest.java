package hub.citybrain.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DevStackTest {

    @Test
    void shouldTakePortsAndTheMongoFileFromTheCommandLine() {
        DevStack.Options options = DevStack.Options.parse(new String[] {
                "--host", "127.0.0.2", "--mongo-port", "47017", "--mongo-file", "/tmp/x/citybrain.mv",
                "--sources-port", "28301"});

        assertThat(options).isEqualTo(new DevStack.Options("127.0.0.2", 47017, Path.of("/tmp/x/citybrain.mv"), 28301, 0,
                false, false));
    }

    @Test
    void shouldStartOnlyTheSourcesWithABoundedJournalWhenAsked() {
        DevStack.Options options = DevStack.Options.parse(new String[] {
                "--host", "0.0.0.0", "--sources-only", "--sources-journal", "500"});

        assertThat(options.sourcesOnly()).isTrue();
        assertThat(options.sourcesJournal()).isEqualTo(500);
        assertThat(options.host()).isEqualTo("0.0.0.0");
    }

    @Test
    void shouldRefuseAnUnknownOptionOrAMissingValue() {
        assertThatThrownBy(() -> DevStack.Options.parse(new String[] {"--mongo-prot", "1"}))
                .hasMessageContaining("unknown option --mongo-prot");
        assertThatThrownBy(() -> DevStack.Options.parse(new String[] {"--mongo-port"}))
                .hasMessageContaining("needs a value");
    }
}
