package hub.citybrain.registry.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpStatus;

import hub.citybrain.support.web.ApiException;
import hub.citybrain.registry.agreement.AgreementLifecycle.Action;
import hub.citybrain.registry.agreement.AgreementLifecycle.Status;

class AgreementLifecycleTest {

    /** DESIGN §4, written out independently of the production table: every legal (status, action) and its target. */
    static final Map<String, Status> LEGAL = Map.of(
            "REQUESTED/APPROVE", Status.ACTIVE,
            "REQUESTED/REJECT", Status.REJECTED,
            "ACTIVE/SUSPEND", Status.SUSPENDED,
            "ACTIVE/REVOKE", Status.REVOKED,
            "ACTIVE/EXPIRE", Status.EXPIRED,
            "SUSPENDED/RESUME", Status.ACTIVE,
            "SUSPENDED/REVOKE", Status.REVOKED,
            "SUSPENDED/EXPIRE", Status.EXPIRED);

    static Stream<Arguments> everyStatusAndAction() {
        return Arrays.stream(Status.values())
                .flatMap(status -> Arrays.stream(Action.values()).map(action -> Arguments.of(status, action)));
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("everyStatusAndAction")
    @DisplayName("every (status, action) pair goes where DESIGN §4 says, or is refused with 409 ILLEGAL_TRANSITION")
    void shouldAllowExactlyTheDesignedTransitions(Status status, Action action) {
        Status expected = LEGAL.get(status + "/" + action);

        if (expected != null) {
            assertThat(AgreementLifecycle.next(status, action)).isEqualTo(expected);
            assertThat(AgreementLifecycle.allowed(status, action)).isTrue();
        } else {
            assertThat(AgreementLifecycle.allowed(status, action)).isFalse();
            assertThatThrownBy(() -> AgreementLifecycle.next(status, action))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(HttpStatus.CONFLICT);
                        assertThat(e.code()).isEqualTo("ILLEGAL_TRANSITION");
                        assertThat(e.getMessage()).contains(status.name()).contains(action.name());
                    });
        }
    }

    @Test
    void shouldLeaveNoWayOutOfATerminalStatus() {
        for (Status terminal : new Status[] { Status.REJECTED, Status.REVOKED, Status.EXPIRED }) {
            assertThat(terminal.terminal()).isTrue();
            assertThat(Action.values()).noneMatch(a -> AgreementLifecycle.allowed(terminal, a));
        }
        assertThat(Status.REQUESTED.terminal()).isFalse();
        assertThat(Status.ACTIVE.terminal()).isFalse();
        assertThat(Status.SUSPENDED.terminal()).isFalse();
    }

    @Test
    void shouldRequireAReasonToRejectSuspendOrRevokeOnly() {
        assertThat(Arrays.stream(Action.values()).filter(Action::reasonRequired))
                .containsExactlyInAnyOrder(Action.REJECT, Action.SUSPEND, Action.REVOKE);
    }

    @Nested
    @DisplayName("the provider's reply deadline")
    class ReplyBy {

        @ParameterizedTest(name = "requested {0} -> reply by {1}")
        @CsvSource({
                // Monday -> next Monday; Wednesday -> next Wednesday (a weekend in between)
                "2026-03-02T10:00+08:00[Asia/Shanghai], 2026-03-09T10:00+08:00[Asia/Shanghai]",
                "2026-03-04T16:30+08:00[Asia/Shanghai], 2026-03-11T16:30+08:00[Asia/Shanghai]",
                // Friday -> next Friday; Saturday and Sunday -> the Friday after (weekend days do not count)
                "2026-03-06T09:00+08:00[Asia/Shanghai], 2026-03-13T09:00+08:00[Asia/Shanghai]",
                "2026-03-07T09:00+08:00[Asia/Shanghai], 2026-03-13T09:00+08:00[Asia/Shanghai]",
                "2026-03-08T23:00+08:00[Asia/Shanghai], 2026-03-13T23:00+08:00[Asia/Shanghai]" })
        void shouldBeFiveWorkingDaysLaterInChinaTime(String requested, String expected) {
            Instant replyBy = AgreementLifecycle.replyBy(ZonedDateTime.parse(requested).toInstant());

            assertThat(replyBy).isEqualTo(ZonedDateTime.parse(expected).toInstant());
        }

        @Test
        void shouldCountDaysInChinaTimeNotUtc() {
            // Friday 01:00 in Beijing is still Thursday in UTC: the Chinese Friday counts
            Instant fridayInBeijing = ZonedDateTime.parse("2026-03-06T01:00+08:00[Asia/Shanghai]").toInstant();

            ZonedDateTime replyBy = AgreementLifecycle.replyBy(fridayInBeijing).atZone(AgreementLifecycle.HUB_ZONE);

            assertThat(replyBy.getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
            assertThat(replyBy.toLocalDate()).hasToString("2026-03-13");
        }
    }
}
