package hub.citybrain.identity;

import org.junit.jupiter.api.Test;

import hub.citybrain.testsupport.ArchitectureRules;

/** The shared layer's rules: identity and service support depend on no service, support not on identity. */
class ArchitectureTest {

    @Test
    void shouldKeepTheSharedLayerBelowTheServices() {
        ArchitectureRules.checkSharedLibraries();
    }
}
