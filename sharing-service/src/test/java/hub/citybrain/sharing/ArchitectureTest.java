package hub.citybrain.sharing;

import org.junit.jupiter.api.Test;

import hub.citybrain.testsupport.ArchitectureRules;

/** The house rules (ArchitectureRules) for the sharing code. */
class ArchitectureTest {

    @Test
    void shouldKeepTheHouseRules() {
        ArchitectureRules.checkService("hub.citybrain.sharing");
    }
}
