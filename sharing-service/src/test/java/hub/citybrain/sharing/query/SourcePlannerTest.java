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

    static Arguments notInForce(String state, UnaryOperator<PolicyMother.AgreementBuilder> make, DenialReason reason) {
        return arguments(named(state, make), reason);
    }

    @Nested
    @DisplayName("granted fields")
    class Granted {

        @Test
        void shouldGroupAllGrantedFieldsOfOneSourceIntoOneCall() {
            policy.apply(population);
            policy.apply(agreement("agr-1").consumer(CONSUMER).on(population, "name", "birthDate", "address").build());

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
            policy.apply(population);
            policy.apply(agreement("agr-1").consumer(CONSUMER).on(population, "name").build());

            assertThat(plan("name", "name").calls()).singleElement()
                    .satisfies(call -> assertThat(call.fields()).containsExactly("name"));
        }
    }

    @Nested
    @DisplayName("denied fields")
    class Denied {

        @Test
        void shouldDenyNotSharedFieldEvenUnderAnAgreement() {
            policy.apply(population);
            policy.apply(agreement("agr-1").consumer(CONSUMER).on(population, "name", "religion").build());

            Plan plan = plan("name", "religion");

            assertThat(plan.denied()).containsExactly(new Plan.Denied("religion", DenialReason.NOT_SHARED));
            assertThat(plan.calls()).singleElement()
                    .satisfies(call -> assertThat(call.fields()).containsExactly("name"));
        }

        @Test
        void shouldDenyFieldOutsideAgreement() {
            policy.apply(population);
            policy.apply(agreement("agr-1").consumer(CONSUMER).on(population, "name").build());

            Plan plan = plan("name", "address");

            assertThat(plan.denied()).containsExactly(new Plan.Denied("address", DenialReason.NO_AGREEMENT));
            assertThat(plan.calls()).singleElement()
                    .satisfies(call -> assertThat(call.fields()).doesNotContain("address"));
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
            policy.apply(population);
            policy.apply(agreement("agr-1").consumer(CONSUMER).on(population, "name").build());

            assertThat(plan("shoeSize").denied())
                    .containsExactly(new Plan.Denied("shoeSize", DenialReason.UNKNOWN_FIELD));
        }

        @Test
        void shouldDenyAFieldAsUnknownForASubjectTypeNoResourceIsAbout() {
            policy.apply(population);
            policy.apply(agreement("agr-1").consumer(CONSUMER).on(population, "name").build());

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

        @Test
        void shouldDenyAFieldWhoseOnlyAgreementInForceIsForAnotherPurpose() {
            policy.apply(population);
            policy.apply(agreement("agr-liaison").consumer(CONSUMER).on(population, "name").purpose(LIAISON).build());

            Plan plan = planFor(REVIEW, "name");

            assertThat(plan.calls()).isEmpty();
            assertThat(plan.denied()).containsExactly(new Plan.Denied("name", DenialReason.PURPOSE_MISMATCH));
            assertThat(plan.agreementIds()).isEmpty();
        }

        @Test
        void shouldGrantTheSameFieldUnderTheAgreementsOwnPurpose() {
            policy.apply(population);
            policy.apply(agreement("agr-liaison").consumer(CONSUMER).on(population, "name").purpose(LIAISON).build());

            Plan plan = planFor(LIAISON, "name");

            assertThat(plan.denied()).isEmpty();
            assertThat(plan.agreementIds()).containsExactly("agr-liaison");
        }

        @Test
        void shouldDrawOnTheAgreementForTheQuerysPurposeWhenTheCallerHoldsOneForEach() {
            // both in force on the same field: the query's purpose alone decides which is drawn on (and counted)
            policy.apply(population);
            policy.apply(agreement("agr-liaison").consumer(CONSUMER).on(population, "name").purpose(LIAISON).build());
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

        @Test
        void shouldSaySuspendedWhenTheAgreementForThisPurposeIsSuspendedEvenIfAnotherPurposesIsInForce() {
            policy.apply(population);
            policy.apply(agreement("agr-review").consumer(CONSUMER).on(population, "name").purpose(REVIEW)
                    .suspended().build());
            policy.apply(agreement("agr-liaison").consumer(CONSUMER).on(population, "name").purpose(LIAISON).build());

            assertThat(planFor(REVIEW, "name").denied())
                    .containsExactly(new Plan.Denied("name", DenialReason.SUSPENDED));
        }

        @Test
        void shouldSayExpiredWhenTheAgreementForThisPurposeHasLapsedEvenIfAnotherPurposesIsInForce() {
            policy.apply(population);
            policy.apply(agreement("agr-review").consumer(CONSUMER).on(population, "name").purpose(REVIEW)
                    .lapsed().build());
            policy.apply(agreement("agr-liaison").consumer(CONSUMER).on(population, "name").purpose(LIAISON).build());

            assertThat(planFor(REVIEW, "name").denied()).containsExactly(new Plan.Denied("name", DenialReason.EXPIRED));
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
            policy.apply(population);
            policy.apply(agreement("agr-liaison").consumer(CONSUMER).on(population, "name").purpose(LIAISON).build());

            assertThat(planFor("party_liaison", "name").denied())
                    .containsExactly(new Plan.Denied("name", DenialReason.PURPOSE_MISMATCH));
            assertThat(planFor("PARTY_LIAISON_EXTRA", "name").denied())
                    .containsExactly(new Plan.Denied("name", DenialReason.PURPOSE_MISMATCH));
        }

        @Test
        void shouldTellTheCollectionCheckTheAgreementForThePurposeOnly() {
            policy.apply(population);
            policy.apply(agreement("agr-liaison").consumer(CONSUMER).on(population, "name").purpose(LIAISON).build());

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
