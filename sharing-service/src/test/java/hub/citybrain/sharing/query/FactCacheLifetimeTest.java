package hub.citybrain.sharing.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FactCacheLifetimeTest {

    @ParameterizedTest
    @CsvSource({ "PT6H, PT6H", "P1D, PT24H", "P1W, PT168H", "P1M, PT720H", "P1Y, PT8760H", "P1DT12H, PT36H",
            "PT30M, PT30M", "p1d, PT24H" })
    void shouldReadTheUpdateCycleAsAnIsoDuration(String cycle, Duration expected) {
        assertThat(FactCache.parseCycle(cycle)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({ "''", "daily", "P", "PT", "1D", "P-1D" })
    void shouldNotCacheWhatHasNoReadableCycle(String cycle) {
        assertThat(FactCache.parseCycle(cycle)).isEqualTo(Duration.ZERO);
    }
}
