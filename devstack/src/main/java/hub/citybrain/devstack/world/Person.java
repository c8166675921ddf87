package hub.citybrain.devstack.world;

import java.time.LocalDate;
import java.time.Period;
import java.util.Optional;

/**
 * A resident of the demo world. {@code registeredAddress} is the household-registration address (户籍地址),
 * which for floating population (流动人口) lies outside Gaoyou; where they live is their household's address.
 * {@code disability} and {@code party} are null when the person has none.
 */
public record Person(
        String idNumber,
        String name,
        Gender gender,
        String ethnicity,
        LocalDate birthDate,
        String householdId,
        String relationToHead,
        MaritalStatus maritalStatus,
        String registeredAddress,
        boolean floating,
        Disability disability,
        PartyMembership party) {

    public int ageOn(LocalDate date) {
        return Period.between(birthDate, date).getYears();
    }

    public Optional<Disability> disabilityCard() {
        return Optional.ofNullable(disability);
    }

    public Optional<PartyMembership> partyMembership() {
        return Optional.ofNullable(party);
    }

    public boolean isDisabled() {
        return disability != null;
    }

    public boolean isPartyMember() {
        return party != null;
    }
}
