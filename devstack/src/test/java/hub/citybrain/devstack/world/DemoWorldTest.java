package hub.citybrain.devstack.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoWorldTest {

    private final DemoWorld world = DemoWorld.generate();

    @Test
    void shouldGenerateTheSameWorldEveryTime() {
        DemoWorld again = DemoWorld.generate();

        assertThat(again).isEqualTo(world);
        assertThat(again.persons()).isEqualTo(world.persons());
        assertThat(again.households()).isEqualTo(world.households());
        assertThat(again.enterprises()).isEqualTo(world.enterprises());
        assertThat(DemoWorld.generate(7L).persons()).isNotEqualTo(world.persons());
    }

    @Test
    void shouldHaveAFewHundredPeopleInAboutOneHundredTenHouseholds() {
        assertThat(world.persons()).hasSizeBetween(250, 350);
        assertThat(world.households()).hasSize(110);
        assertThat(world.enterprises()).hasSize(40);
        assertThat(world.households().stream().mapToInt(Household::size).sum()).isEqualTo(world.persons().size());
        assertThat(world.persons().stream().map(Person::idNumber).distinct()).hasSize(world.persons().size());
    }

    @Test
    void shouldGiveEveryoneAValidIdNumberMatchingBirthDateAndGender() {
        for (Person p : world.persons()) {
            assertThat(ResidentIdNumbers.isValid(p.idNumber())).as(p.idNumber()).isTrue();
            assertThat(ResidentIdNumbers.birthDate(p.idNumber())).as(p.idNumber()).isEqualTo(p.birthDate());
            assertThat(ResidentIdNumbers.gender(p.idNumber())).as(p.idNumber()).isEqualTo(p.gender());
            assertThat(p.birthDate()).isBefore(DemoWorld.REFERENCE_DATE);
        }
        long gaoyou = world.persons().stream().filter(p -> p.idNumber().startsWith("321084")).count();
        assertThat(gaoyou).isGreaterThan(world.persons().size() * 8L / 10);
    }

    @Test
    void shouldComputeTheGb11643CheckCharacter() {
        // The standard's own example number.
        assertThat(ResidentIdNumbers.isValid("11010519491231002X")).isTrue();
        assertThat(ResidentIdNumbers.isValid("110105194912310021")).isFalse();
        assertThat(ResidentIdNumbers.isValid("110105194913310029")).isFalse();
    }

    @Test
    void shouldGiveEnterprisesValidCreditCodesAndRealLegalRepresentatives() {
        for (Enterprise e : world.enterprises()) {
            assertThat(CreditCodes.isValid(e.uscc())).as(e.uscc()).isTrue();
            assertThat(e.uscc()).hasSize(18).startsWith("91321084");
            Person rep = world.person(e.legalRepresentativeId()).orElseThrow();
            assertThat(rep.name()).isEqualTo(e.legalRepresentativeName());
            assertThat(rep.ageOn(DemoWorld.REFERENCE_DATE)).isBetween(28, 70);
            assertThat(e.inspections()).isNotEmpty();
        }
        assertThat(world.enterprises().stream().map(Enterprise::name).distinct()).hasSize(40);
        // a published, valid credit code
        assertThat(CreditCodes.isValid("91350100M000100Y43")).isTrue();
    }

    @Test
    void shouldHaveRealisticShares() {
        int persons = world.persons().size();
        long disabled = world.persons().stream().filter(Person::isDisabled).count();
        long adults = world.persons().stream().filter(p -> p.ageOn(DemoWorld.REFERENCE_DATE) >= 18).count();
        long members = world.persons().stream().filter(Person::isPartyMember).count();
        long dibao = world.households().stream().filter(h -> h.subsistence() != null).count();

        assertThat(disabled).isBetween(Math.round(persons * 0.07), Math.round(persons * 0.09));
        assertThat(members).isBetween(Math.round(adults * 0.13), Math.round(adults * 0.17));
        assertThat(dibao).isBetween(5L, 8L);
        world.persons().stream().filter(Person::isDisabled).forEach(p -> {
            Disability d = p.disability();
            assertThat(d.cardNo()).startsWith(p.idNumber()).hasSize(20);
            assertThat(Disability.CATEGORIES).contains(d.category());
            assertThat(Disability.GRADES).contains(d.grade());
        });
        world.persons().stream().filter(Person::isPartyMember).forEach(p -> {
            assertThat(p.party().joinedOn()).isAfterOrEqualTo(p.birthDate().plusYears(18));
            assertThat(p.party().branch()).endsWith("党支部");
        });
    }

    @Test
    void shouldKeepHouseholdsConsistent() {
        Map<String, Household> byId = world.households().stream()
                .collect(Collectors.toMap(Household::id, Function.identity()));
        Set<String> villages = world.towns().stream().flatMap(t -> t.villages().stream())
                .map(Village::code).collect(Collectors.toSet());
        for (Person p : world.persons()) {
            Household h = byId.get(p.householdId());
            assertThat(h.memberIds()).contains(p.idNumber());
            if (!p.floating()) {
                assertThat(p.registeredAddress()).isEqualTo(h.address());
            }
        }
        for (Household h : world.households()) {
            assertThat(villages).contains(h.villageCode());
            assertThat(h.gridCode()).startsWith(h.villageCode());
            assertThat(h.address()).startsWith("江苏省扬州市高邮市" + h.townZh() + h.villageZh());
            assertThat(world.person(h.headId()).orElseThrow().relationToHead()).isEqualTo("户主");
        }
        assertThat(world.towns()).extracting(Town::zh).contains("车逻镇", "三垛镇", "临泽镇", "界首镇");
    }

    @Test
    void shouldOfferAShowcasePersonHeldByEveryPersonSource() {
        Person showcase = world.showcasePerson();

        assertThat(showcase.idNumber()).isEqualTo(DemoWorld.SHOWCASE_ID_NUMBER);
        assertThat(showcase.name()).isEqualTo("王建国");
        assertThat(showcase.isDisabled()).isTrue();
        assertThat(showcase.isPartyMember()).isTrue();
        assertThat(world.householdOf(showcase).subsistence()).isNotNull();
        assertThat(world.householdOf(showcase).townZh()).isEqualTo("车逻镇");
        assertThat(world.showcaseEnterprise().name()).isEqualTo("高邮市秦邮蛋品有限公司");
    }
}
