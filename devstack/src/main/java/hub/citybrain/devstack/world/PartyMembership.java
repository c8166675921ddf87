package hub.citybrain.devstack.world;

import java.time.LocalDate;

/** Party membership as the county organisation department holds it. */
public record PartyMembership(LocalDate joinedOn, String branch) {
}
