package hub.citybrain.sharing.collection;

import static hub.citybrain.sharing.query.PolicyMother.CONSUMER;
import static hub.citybrain.sharing.query.PolicyMother.agreement;
import static hub.citybrain.sharing.query.PolicyMother.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import hub.citybrain.events.ResourceChanged;
import hub.citybrain.sharing.collection.CollectionCheckAnswer.Access;
import hub.citybrain.sharing.collection.CollectionCheckAnswer.FieldOutcome;
import hub.citybrain.sharing.collection.CollectionCheckAnswer.Status;
import hub.citybrain.sharing.policy.PolicyView;
import hub.citybrain.sharing.query.PolicyMother;
import hub.citybrain.sharing.query.SourcePlanner;

/**
 * A county civil affairs bureau checks a household survey against a small catalog at three levels: the national
 * population registry (unconditional, agreed), the city disabled persons' federation (conditional, one field not
 * shared) and a township grid office (unconditional, not agreed).
 */
class CollectionCheckTest {

    static final Instant NOW = Instant.now();

    final PolicyView policy = new PolicyView();
    final CollectionCheck check = new CollectionCheck(policy, new SourcePlanner(policy), null, null);

    ResourceChanged.Resource population;
    ResourceChanged.Resource disability;
    ResourceChanged.Resource grid;

    @BeforeEach
    void catalog() {
        population = resource("res-population").heldBy("national.population-registry", "NATIONAL")
                .keyedBy("ID_NUMBER")
                .field("name", "UNCONDITIONAL", true).aliases("name", "姓名", "户主姓名", "full name")
                .field("birthDate", "UNCONDITIONAL", true).aliases("birthDate", "出生日期", "出生年月", "date of birth")
                .field("householdAddress", "UNCONDITIONAL", true).aliases("householdAddress", "户籍地址")
                .build();
        disability = resource("res-disability").heldBy("yangzhou.disabled-persons-federation", "MUNICIPAL")
                .keyedBy("ID_NUMBER")
                .field("disabilityGrade").aliases("disabilityGrade", "残疾等级", "disability grade")
                .notSharedField("disabilityCardNo").aliases("disabilityCardNo", "残疾人证号")
                .build();
        grid = resource("res-grid").heldBy("chelu.grid-office", "TOWNSHIP")
                .keyedBy("ID_NUMBER")
                .field("gridCode", "UNCONDITIONAL", true).aliases("gridCode", "网格编号", "grid code")
                .field("householdSize", "UNCONDITIONAL", true).aliases("householdSize", "家庭人口")
                // a second, non-authoritative copy of the name: the check must name the authoritative source
                .field("name", "UNCONDITIONAL", false)
                .build();
        List.of(population, disability, grid).forEach(policy::apply);
        policy.apply(agreement("agr-population").consumer(CONSUMER).on(population, "name", "birthDate").build());
        policy.apply(agreement("agr-other").consumer("baoying.civil-affairs").on(grid, "gridCode").build());
    }

    CollectionCheckAnswer check(int subjects, String... labels) {
        return checkFor(PolicyMother.PURPOSE, subjects, labels);
    }

    CollectionCheckAnswer checkFor(String purpose, int subjects, String... labels) {
        return check.judge(CONSUMER, new CollectionCheckRequest("PERSON", List.of(labels), subjects, purpose), NOW);
    }

    FieldOutcome only(String label) {
        return check(1, label).fields().get(0);
    }

    @Nested
    @DisplayName("a held field")
    class Held {

        @Test
        void shouldBeAgreedWhenAnActiveAgreementInForceCoversIt() {
            FieldOutcome name = only("name");

            assertThat(name.status()).isEqualTo(Status.HELD);
            assertThat(name.access()).isEqualTo(Access.AGREED);
            assertThat(name.agreementId()).isEqualTo("agr-population");
            assertThat(name.source()).isEqualTo(new CollectionCheckAnswer.Source("res-population",
                    "national.population-registry", "NATIONAL", true));
        }

        @Test
        void shouldBeUnconditionalWhenOnlyAnotherDepartmentHasAnAgreement() {
            FieldOutcome gridCode = only("gridCode");

            assertThat(gridCode.status()).isEqualTo(Status.HELD);
            assertThat(gridCode.access()).isEqualTo(Access.UNCONDITIONAL);
            assertThat(gridCode.agreementId()).isNull();
            assertThat(gridCode.source().level()).isEqualTo("TOWNSHIP");
        }

        @Test
        void shouldBeConditionalWhenTheProviderMustApprove() {
            assertThat(only("disabilityGrade").access()).isEqualTo(Access.CONDITIONAL);
        }

        @Test
        void shouldNotCountASuspendedOrLapsedAgreement() {
            policy.apply(agreement("agr-disability").consumer(CONSUMER).on(disability, "disabilityGrade")
                    .suspended().build());
            policy.apply(agreement("agr-address").consumer(CONSUMER).on(population, "householdAddress")
                    .lapsed().build());

            assertThat(only("disabilityGrade").access()).isEqualTo(Access.CONDITIONAL);
            assertThat(only("householdAddress").access()).isEqualTo(Access.UNCONDITIONAL);
        }
    }

    @Nested
    @DisplayName("purpose binding")
    class PurposeBinding {

        @Test
        void shouldBeAgreedOnlyUnderTheFormsPurpose() {
            FieldOutcome name = checkFor("PARTY_LIAISON", 1, "name").fields().get(0);

            assertThat(name.status()).isEqualTo(Status.HELD);
            assertThat(name.access()).isEqualTo(Access.UNCONDITIONAL);
            assertThat(name.agreementId()).isNull();
        }

        @Test
        void shouldHintAnAgreementForTheFormsPurposeWhenTheFieldIsAgreedOnlyForAnother() {
            var hints = checkFor("PARTY_LIAISON", 10, "name", "birthDate").verdict().requestAgreements();

            assertThat(hints).singleElement().satisfies(hint -> {
                assertThat(hint.provider()).isEqualTo("national.population-registry");
                assertThat(hint.body()).containsEntry("resourceId", "res-population")
                        .containsEntry("fields", List.of("name", "birthDate"))
                        .containsEntry("purpose", java.util.Map.of("code", "PARTY_LIAISON"));
            });
        }

        @Test
        void shouldNameTheAgreementMadeForTheFormsPurposeWhenTheDepartmentHoldsOneForEach() {
            policy.apply(agreement("agr-liaison").consumer(CONSUMER).on(population, "name").purpose("PARTY_LIAISON")
                    .build());

            assertThat(checkFor("PARTY_LIAISON", 1, "name").fields().get(0).agreementId()).isEqualTo("agr-liaison");
            assertThat(only("name").agreementId()).isEqualTo("agr-population");
            assertThat(checkFor("PARTY_LIAISON", 1, "name").verdict().requestAgreements()).isEmpty();
        }
    }

    @Test
    void shouldReportAFieldHeldButNotSharedWithItsHolder() {
        FieldOutcome card = only("残疾人证号");

        assertThat(card.status()).isEqualTo(Status.NOT_SHARED);
        assertThat(card.field()).isEqualTo("disabilityCardNo");
        assertThat(card.source().department()).isEqualTo("yangzhou.disabled-persons-federation");
        assertThat(card.access()).isNull();
    }

    @Test
    void shouldReportALabelNoSourceHoldsAsNew() {
        FieldOutcome income = only("月收入");

        assertThat(income.status()).isEqualTo(Status.NEW);
        assertThat(income.field()).isNull();
        assertThat(income.source()).isNull();
    }

    @Test
    void shouldMatchOnlyFieldsOfTheFormsSubjectType() {
        var answer = check.judge(CONSUMER, new CollectionCheckRequest("ENTERPRISE", List.of("name"), 1, "X_Y"), NOW);

        assertThat(answer.fields().get(0).status()).isEqualTo(Status.NEW);
    }

    @Test
    void shouldRecogniseTheSubjectKeyByItsNationalLabels() {
        assertThat(check(1, "身份证号", "公民身份号码", "ID number", "ID_NUMBER").fields())
                .extracting(FieldOutcome::status, FieldOutcome::field)
                .containsOnly(tuple(Status.SUBJECT_KEY, "ID_NUMBER"));
    }

    @Test
    void shouldReportALabelThatTwoFieldsClaimAsAmbiguous() {
        policy.apply(resource("res-grid").heldBy("chelu.grid-office", "TOWNSHIP").version(2)
                .field("gridCode", "UNCONDITIONAL", true).aliases("gridCode", "编号")
                .field("householdId", "UNCONDITIONAL", true).aliases("householdId", "编号")
                .build());

        FieldOutcome number = only("编号");

        assertThat(number.status()).isEqualTo(Status.AMBIGUOUS);
        assertThat(number.candidates()).containsExactly("gridCode", "householdId");
    }

    @Nested
    @DisplayName("alias matching")
    class Aliases {

        @ParameterizedTest(name = "\"{0}\" is {1}")
        @CsvSource(delimiter = '|', value = {
                "户主姓名|name", "姓名|name", "Full Name|name", "  full   name |name", "NAME|name",
                "出生年月|birthDate", "出生日期：|birthDate", "Date of birth|birthDate", "date_of_birth|birthDate",
                "ＤＡＴＥ　ＯＦ　ＢＩＲＴＨ|birthDate", "birth-date|birthDate", "（户籍地址）|householdAddress",
                "残疾等级|disabilityGrade", "Disability Grade|disabilityGrade", "网格编号|gridCode",
                "家庭人口|householdSize" })
        void shouldMatchChineseAndEnglishLabelsWhateverTheirCaseWidthSpacingAndPunctuation(String label,
                String field) {
            FieldOutcome outcome = only(label);

            assertThat(outcome.status()).isEqualTo(Status.HELD);
            assertThat(outcome.field()).isEqualTo(field);
            assertThat(outcome.label()).isEqualTo(label);
        }

        @Test
        void shouldNotMatchALabelThatOnlyContainsAnAlias() {
            assertThat(only("配偶姓名").status()).isEqualTo(Status.NEW);
        }

        @Test
        void shouldFoldWidthCaseSpaceAndPunctuationButKeepChineseCharacters() {
            assertThat(FieldLabels.normalise(" ＩＤ　Ｎｏ．")).isEqualTo("idno");
            assertThat(FieldLabels.normalise("出生日期：")).isEqualTo("出生日期");
            assertThat(FieldLabels.normalise("Date-of_Birth")).isEqualTo("dateofbirth");
            assertThat(FieldLabels.normalise("?!")).isEmpty();
        }
    }

    @Nested
    @DisplayName("the verdict")
    class TheVerdict {

        @Test
        void shouldSaveEachHeldFieldOnceTimesTheSubjectsAndListWhatToCollect() {
            var verdict = check(120, "户主姓名", "name", "身份证号", "出生日期", "网格编号", "残疾等级", "残疾人证号", "月收入",
                    "编号??").verdict();

            // name, birthDate, gridCode, disabilityGrade: 4 fields x 120 households
            assertThat(verdict.held()).isEqualTo(4);
            assertThat(verdict.fieldsSaved()).isEqualTo(480);
            assertThat(verdict.toCollect()).containsExactly("残疾人证号", "月收入", "编号??");
            assertThat(verdict.fieldsToCollect()).isEqualTo(360);
            assertThat(verdict.unresolved()).isEmpty();
        }

        @Test
        void shouldHintOneAgreementRequestPerSourceForTheFieldsNotYetAgreed() {
            var hints = check(10, "name", "householdAddress", "gridCode", "家庭人口", "残疾等级").verdict()
                    .requestAgreements();

            assertThat(hints).extracting(CollectionCheckAnswer.AgreementHint::provider,
                    CollectionCheckAnswer.AgreementHint::grantedAtOnce)
                    .containsExactly(tuple("national.population-registry", true), tuple("chelu.grid-office", true),
                            tuple("yangzhou.disabled-persons-federation", false));
            assertThat(hints.get(0).href()).isEqualTo("/api/v1/agreements");
            assertThat(hints.get(0).body()).containsEntry("resourceId", "res-population")
                    .containsEntry("fields", List.of("householdAddress"));
            assertThat(hints.get(1).body()).containsEntry("fields", List.of("gridCode", "householdSize"));
        }
    }
}
