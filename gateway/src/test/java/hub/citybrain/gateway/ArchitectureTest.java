package hub.citybrain.gateway;

import org.junit.jupiter.api.Test;

import hub.citybrain.testsupport.ArchitectureRules;

/** The house rules (ArchitectureRules) for the gateway code. */
class ArchitectureTest {

    @Test
    void shouldKeepTheHouseRules() {
        ArchitectureRules.checkService("hub.citybrain.gateway");
    }
}
