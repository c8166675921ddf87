package hub.citybrain.events;

import org.junit.jupiter.api.Test;

import hub.citybrain.testsupport.ArchitectureRules;

/** The event contracts stay plain Java (ArchitectureRules). */
class ArchitectureTest {

    @Test
    void shouldHaveNoSpring() {
        ArchitectureRules.checkEventContracts("hub.citybrain.events");
    }
}
