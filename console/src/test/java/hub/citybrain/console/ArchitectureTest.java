package hub.citybrain.console;

import org.junit.jupiter.api.Test;

import hub.citybrain.testsupport.ArchitectureRules;

/** The house rules (ArchitectureRules) for the console's code. */
class ArchitectureTest {

    @Test
    void shouldKeepTheHouseRules() {
        ArchitectureRules.checkService("hub.citybrain.console");
    }
}
