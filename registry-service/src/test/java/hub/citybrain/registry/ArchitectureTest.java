package hub.citybrain.registry;

import org.junit.jupiter.api.Test;

import hub.citybrain.testsupport.ArchitectureRules;

/** The house rules (ArchitectureRules) for the registry code. */
class ArchitectureTest {

    @Test
    void shouldKeepTheHouseRules() {
        ArchitectureRules.checkService("hub.citybrain.registry");
    }
}
