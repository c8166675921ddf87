package hub.citybrain.sharing.query;

import static hub.citybrain.sharing.query.PolicyMother.CONSUMER;
import static hub.citybrain.sharing.query.PolicyMother.agreement;
import static hub.citybrain.sharing.query.PolicyMother.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import hub.citybrain.events.ResourceChanged;
import hub.citybrain.sharing.policy.PolicyView;

class SourcePlannerTest {


    final PolicyView policy = new PolicyView();
    final SourcePlanner planner = new SourcePlanner(policy);

    final ResourceChanged.Resource population = resource("res-population")
            .heldBy("yangzhou.public-security", "MUNICIPAL")
            .field("name").field("birthDate").field("address").notSharedField("religion")
            .build();

    Plan plan(String... fields) {
        return planFor(PolicyMother.PURPOSE, fields);
    }

    /** The population resource, and agreement agr-1 of CONSUMER on these of its fields. */
    void populationAgreedOn(String... fields) {
        policy.apply(population);
        policy.apply(agreement("agr-1").consumer(CONSUMER).on(population, fields).build());
    }

    Plan planFor(String purpose, String... fields) {
        return planner.plan(CONSUMER, PolicyMother.PERSON, List.of(fields), purpose, Instant.now());
    }

    /** Agreements on {@code name} that are not in force, and the reason the planner must give. */
    static Stream<Arguments> agreementsNotInForce() {
        return Stream.of(
                notInForce("ACTIVE but its validity has passed", PolicyMother.AgreementBuilder::lapsed,
                        DenialReason.EXPIRED),
                notInForce("marked EXPIRED", a -> a.status("EXPIRED"), DenialReason.EXPIRED),
                notInForce("SUSPENDED", PolicyMother.AgreementBuilder::suspended, DenialReason.SUSPENDED),
                notInForce("not yet valid", PolicyMother.AgreementBuilder::startingTomorrow,
                        DenialReason.NO_AGREEMENT));
    }

    /** The query's purpose's agreement out of force while another purpose's is in force: its own reason counts. */
    static Stream<Arguments> agreementsOutOfForceForThisPurpose() {
        return Stream.of(
                notInForce("SUSPENDED", PolicyMother.AgreementBuilder::suspended, DenialReason.SUSPENDED),
                notInForce("lapsed", PolicyMother.AgreementBuilder::lapsed, DenialReason.EXPIRED));
    }

    static Arguments notInForce(String state, UnaryOperator<PolicyMother.AgreementBuilder> make, DenialReason reason) {
        return arguments(named(state, make), reason);
    }

    @Nested
    @DisplayName("granted fields")
    class Granted {

        @Test
        void shouldGroupAllGrantedFieldsOfOneSourceIntoOneCall() {
            populationAgreedOn("name", "birthDate", "address");

            Plan plan = plan("name", "birthDate", "address");

            assertThat(plan.denied()).isEmpty();
            assertThat(plan.calls()).singleElement().satisfies(call -> {
                assertThat(call.resource().id()).isEqualTo("res-population");
                assertThat(call.fields()).containsExactly("name", "birthDate", "address");
                assertThat(call.agreementIds()).containsExactly("agr-1");
            });
        }

        @Test
        void shouldMakeOneCallPerSourceWhenFieldsComeFromSeveralSources() {
            var marriage = resource("res-marriage").heldBy(CONSUMER, "COUNTY").field("maritalStatus").build();
            policy.apply(population);
            policy.apply(marriage);
            policy.apply(agreement("agr-1").consumer(CONSUMER).on(population, "name", "birthDate").build());
            policy.apply(agreement("agr-2").consumer(CONSUMER).on(marriage, "maritalStatus").build());

            Plan plan = plan("name", "maritalStatus", "birthDate");

            assertThat(plan.calls()).hasSize(2);
            assertThat(plan.calls()).filteredOn(c -> c.resource().id().equals("res-population"))
                    .singleElement().satisfies(call -> assertThat(call.fields()).containsExactly("name", "birthDate"));
            assertThat(plan.calls()).filteredOn(c -> c.resource().id().equals("res-marriage"))
                    .singleElement().satisfies(call -> assertThat(call.fields()).containsExactly("maritalStatus"));
        }

        @Test
        void shouldPreferTheAuthoritativeSourceOverAnotherThatAlsoServesTheField() {
            // "res-a-copy" sorts first by id, so only the authoritative flag can make the planner pick the other.
            var copy = resource("res-a-copy").heldBy("gaoyou.health", "COUNTY").nonAuthoritativeField("name").build();
            policy.apply(copy);
            policy.apply(population);
            policy.apply(agreement("agr-copy").consumer(CONSUMER).on(copy, "name").build());
            policy.apply(agreement("agr-pop").consumer(CONSUMER).on(population, "name").build());

            Plan plan = plan("name");

            assertThat(plan.calls()).singleElement()
                    .satisfies(call -> assertThat(call.resource().id()).isEqualTo("res-population"));
        }

        @Test
        void shouldAskEachFieldOnlyOnceEvenWhenRequestedTwice() {
            populationAgreedOn("name");

            assertThat(plan("name", "name").calls()).singleElement()
                    .satisfies(call -> assertThat(call.fields()).containsExactly("name"));
        }
    }

    @Nested
    @DisplayName("denied fields")
    class Denied {

        /** Asked for name and one more field: only that field is denied, and name is still fetched alone. */
        @ParameterizedTest(name = "{0}")
        @CsvSource({
                "a not-shared field even under an agreement, name religion, religion, NOT_SHARED",
                "a field outside the agreement,               name,          address,  NO_AGREEMENT" })
        void shouldDenyOnlyTheFieldItMayNotHave(String which, String agreed, String denied, DenialReason reason) {
            populationAgreedOn(agreed.split(" "));

            Plan plan = plan("name", denied);

            assertThat(plan.denied()).containsExactly(new Plan.Denied(denied, reason));
            assertThat(plan.calls()).singleElement()
                    .satisfies(call -> assertThat(call.fields()).doesNotContain(denied).containsExactly("name"));
        }

        @Test
        void shouldDenyWithNoAgreementWhenThereIsNoneAtAll() {
            policy.apply(population);

            Plan plan = plan("name");

            assertThat(plan.calls()).isEmpty();
            assertThat(plan.denied()).containsExactly(new Plan.Denied("name", DenialReason.NO_AGREEMENT));
        }

        @ParameterizedTest(name = "{0}: {1}")
        @MethodSource("hub.citybrain.sharing.query.SourcePlannerTest#agreementsNotInForce")
        void shouldDenyTheFieldOfAnAgreementNotInForce(UnaryOperator<PolicyMother.AgreementBuilder> state,
                DenialReason reason) {
            policy.apply(population);
            policy.apply(state.apply(agreement("agr-1").consumer(CONSUMER).on(population, "name")).build());

            assertThat(plan("name").denied()).containsExactly(new Plan.Denied("name", reason));
            assertThat(plan("name").calls()).isEmpty();
        }

        @Test
        void shouldNotCountAnotherDepartmentsAgreement() {
            policy.apply(population);
            policy.apply(agreement("agr-other").consumer("baoying.civil-affairs").on(population, "name").build());

            assertThat(plan("name").denied()).containsExactly(new Plan.Denied("name", DenialReason.NO_AGREEMENT));
            assertThat(plan("name").calls()).isEmpty();
        }

        @Test
        void shouldDenyUnknownFieldThatNoResourceServes() {
            populationAgreedOn("name");

            assertThat(plan("shoeSize").denied())
                    .containsExactly(new Plan.Denied("shoeSize", DenialReason.UNKNOWN_FIELD));
        }

        @Test
        void shouldDenyAFieldAsUnknownForASubjectTypeNoResourceIsAbout() {
            populationAgreedOn("name");

            Plan plan = planner.plan(CONSUMER, "ENTERPRISE", List.of("name"), PolicyMother.PURPOSE,
                    Instant.now());

            assertThat(plan.denied()).containsExactly(new Plan.Denied("name", DenialReason.UNKNOWN_FIELD));
        }

        @Test
        void shouldGrantWhenOneOfTwoCoveringAgreementsIsInForce() {
            policy.apply(population);
            policy.apply(agreement("agr-old").consumer(CONSUMER).on(population, "name").suspended().build());
            policy.apply(agreement("agr-new").consumer(CONSUMER).on(population, "name").build());

            Plan plan = plan("name");

            assertThat(plan.denied()).isEmpty();
            assertThat(plan.calls()).singleElement()
                    .satisfies(call -> assertThat(call.agreementIds()).containsExactly("agr-new"));
        }
    }

    @Nested
    @DisplayName("purpose binding")
    class PurposeBinding {

        static final String LIAISON = "PARTY_LIAISON";
        static final String REVIEW = "SUBSISTENCE_REVIEW";

        /** The population resource, and agr-liaison of CONSUMER on name for party liaison only. */
        void liaisonAgreementOnName() {
            policy.apply(population);
            policy.apply(agreement("agr-liaison").consumer(CONSUMER).on(population, "name").purpose(LIAISON).build());
        }

        @Test
        void shouldDenyAFieldWhoseOnlyAgreementInForceIsForAnotherPurpose() {
            liaisonAgreementOnName();

            Plan plan = planFor(REVIEW, "name");

            assertThat(plan.calls()).isEmpty();
            assertThat(plan.denied()).containsExactly(new Plan.Denied("name", DenialReason.PURPOSE_MISMATCH));
            assertThat(plan.agreementIds()).isEmpty();
        }

        @Test
        void shouldGrantTheSameFieldUnderTheAgreementsOwnPurpose() {
            liaisonAgreementOnName();

            Plan plan = planFor(LIAISON, "name");

            assertThat(plan.denied()).isEmpty();
            assertThat(plan.agreementIds()).containsExactly("agr-liaison");
        }

        @Test
        void shouldDrawOnTheAgreementForTheQuerysPurposeWhenTheCallerHoldsOneForEach() {
            // both in force on the same field: the query's purpose alone decides which is drawn on (and counted)
            liaisonAgreementOnName();
            policy.apply(agreement("agr-review").consumer(CONSUMER).on(population, "name", "birthDate")
                    .purpose(REVIEW).build());

            assertThat(planFor(REVIEW, "name").agreementIds()).containsExactly("agr-review");
            assertThat(planFor(LIAISON, "name").agreementIds()).containsExactly("agr-liaison");
            Plan liaison = planFor(LIAISON, "name", "birthDate");
            assertThat(liaison.denied()).containsExactly(new Plan.Denied("birthDate", DenialReason.PURPOSE_MISMATCH));
            assertThat(liaison.calls()).singleElement().satisfies(call -> {
                assertThat(call.fields()).containsExactly("name");
                assertThat(call.agreementIds()).containsExactly("agr-liaison");
            });
        }

        @ParameterizedTest(name = "{0}: {1}")
        @MethodSource("hub.citybrain.sharing.query.SourcePlannerTest#agreementsOutOfForceForThisPurpose")
        void shouldGiveTheReasonOfThisPurposesAgreementEvenIfAnotherPurposesIsInForce(
                UnaryOperator<PolicyMother.AgreementBuilder> state, DenialReason reason) {
            policy.apply(population);
            policy.apply(state.apply(agreement("agr-review").consumer(CONSUMER).on(population, "name").purpose(REVIEW))
                    .build());
            policy.apply(agreement("agr-liaison").consumer(CONSUMER).on(population, "name").purpose(LIAISON).build());

            assertThat(planFor(REVIEW, "name").denied()).containsExactly(new Plan.Denied("name", reason));
        }

        @Test
        void shouldNotBlameThePurposeWhenTheOtherPurposesAgreementWouldNotAnswerEither() {
            // a suspended or merely requested agreement for another purpose is no agreement for this query
            policy.apply(population);
            policy.apply(agreement("agr-liaison").consumer(CONSUMER).on(population, "name").purpose(LIAISON)
                    .suspended().build());
            policy.apply(agreement("agr-hardship").consumer(CONSUMER).on(population, "name")
                    .purpose("PARTY_HARDSHIP_SUPPORT").status("REQUESTED").build());

            assertThat(planFor(REVIEW, "name").denied())
                    .containsExactly(new Plan.Denied("name", DenialReason.NO_AGREEMENT));
        }

        @Test
        void shouldCompareThePurposeCodeExactly() {
            liaisonAgreementOnName();

            assertThat(planFor("party_liaison", "name").denied())
                    .containsExactly(new Plan.Denied("name", DenialReason.PURPOSE_MISMATCH));
            assertThat(planFor("PARTY_LIAISON_EXTRA", "name").denied())
                    .containsExactly(new Plan.Denied("name", DenialReason.PURPOSE_MISMATCH));
        }

        @Test
        void shouldTellTheCollectionCheckTheAgreementForThePurposeOnly() {
            liaisonAgreementOnName();

            assertThat(planner.agreementFor(CONSUMER, population.id(), "name", LIAISON, Instant.now()))
                    .hasValueSatisfying(a -> assertThat(a.id()).isEqualTo("agr-liaison"));
            assertThat(planner.agreementFor(CONSUMER, population.id(), "name", REVIEW, Instant.now())).isEmpty();
        }
    }

    @Nested
    @DisplayName("policy view")
    class View {

        @Test
        void shouldKeepTheNewestVersionWhenAnOlderEventArrivesLate() {
            policy.apply(population);
            policy.apply(agreement("agr-1").consumer(CONSUMER).on(population, "name").version(2).suspended().build());
            policy.apply(agreement("agr-1").consumer(CONSUMER).on(population, "name").version(1).build());

            assertThat(plan("name").denied()).containsExactly(new Plan.Denied("name", DenialReason.SUSPENDED));
        }
    }
}
