package hub.citybrain.sharing.query;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static hub.citybrain.sharing.query.PolicyMother.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The circuit breaker and retry around each source system, and the latency it reports. */
class SourceResilienceTest {

    static final String SUBJECT = "320102199001011234";
    @RegisterExtension
    static final WarmSource source = new WarmSource();

    /** Small numbers so a test opens the breaker in a few calls and sees it half-open after half a second. */
    final SourceResilienceProperties resilience = new SourceResilienceProperties(4, 4, 50,
            Duration.ofMillis(500), 1, 2, Duration.ofMillis(100));
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final SourceClient client = SourceClientTest.client(resilience, meters);

    static Plan.SourceCall callTo(String resourceId, int timeoutMs) {
        var resource = resource(resourceId).field("name").at(source.baseUrl()).path("/people/{subjectKey}")
                .timeoutMs(timeoutMs).build();
        return new Plan.SourceCall(resource, List.of("name"), List.of("agr-1"));
    }

    SourceResult fetch(Plan.SourceCall call) {
        return client.fetch(call, SUBJECT).block(Duration.ofSeconds(10));
    }

    SourceResult fetch() {
        return fetch(callTo("res-population", 2000));
    }

    /** Answers that leave no room for a second attempt inside a 300 ms budget, and the failure each must give. */
    static Stream<Arguments> answersThatUseUpTheBudget() {
        return Stream.of(
                arguments(named("a timeout", okJson("{}").withFixedDelay(1000)), UnavailableReason.TIMEOUT),
                // fails after 250 ms of a 300 ms budget: the 100 ms pause alone would overrun it
                arguments(named("an error too late for another attempt inside the budget",
                        aResponse().withStatus(500).withFixedDelay(250)), UnavailableReason.SOURCE_ERROR));
    }

    void sourceAnswers(ResponseDefinitionBuilder response) {
        source.stubFor(get(urlPathMatching("/people/.*")).willReturn(response));
    }

    int requests() {
        return source.countRequestsMatching(getRequestedFor(urlPathMatching("/people/.*")).build()).getCount();
    }

    @Nested
    @DisplayName("the circuit breaker")
    class Breaker {

        @Test
        void shouldAnswerAtOnceWithoutCallingASourceThatKeepsFailing() {
            sourceAnswers(aResponse().withStatus(500));
            fetch();
            fetch(); // two fetches of two attempts each: four failures fill the window

            long started = System.nanoTime();
            SourceResult result = fetch();

            assertThat(result.failure()).isEqualTo(UnavailableReason.SOURCE_ERROR);
            assertThat(requests()).isEqualTo(4);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(100));
        }

        @Test
        void shouldLetATrialCallThroughOnceTheOpenDurationHasPassed() throws InterruptedException {
            sourceAnswers(aResponse().withStatus(500));
            fetch();
            fetch();
            assertThat(fetch().succeeded()).isFalse();
            assertThat(requests()).isEqualTo(4);

            Thread.sleep(600);
            sourceAnswers(okJson("{\"name\": \"王小明\"}"));

            assertThat(fetch().values()).containsEntry("name", "王小明");
            assertThat(requests()).isEqualTo(5);
            assertThat(fetch().succeeded()).as("closed again after the trial call").isTrue();
        }

        @Test
        void shouldNotCountASubjectTheSourceDoesNotKnowAsAFailure() {
            sourceAnswers(aResponse().withStatus(404));

            for (int i = 0; i < 6; i++) {
                assertThat(fetch().failure()).isEqualTo(UnavailableReason.NOT_FOUND);
            }

            assertThat(requests()).isEqualTo(6);
        }

        @Test
        void shouldKeepOneBreakerPerSourceSystem() {
            sourceAnswers(aResponse().withStatus(500));
            fetch();
            fetch();
            sourceAnswers(okJson("{\"name\": \"王小明\"}"));

            assertThat(fetch().succeeded()).as("the failing source stays open").isFalse();
            assertThat(fetch(callTo("res-other", 2000)).succeeded()).isTrue();
        }
    }

    @Nested
    @DisplayName("the retry")
    class Retrying {

        @Test
        void shouldTryAgainAfterAConnectionReset() {
            source.stubFor(get(urlPathMatching("/people/.*")).inScenario("flaky").whenScenarioStateIs(STARTED)
                    .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("recovered"));
            source.stubFor(get(urlPathMatching("/people/.*")).inScenario("flaky").whenScenarioStateIs("recovered")
                    .willReturn(okJson("{\"name\": \"王小明\"}")));

            SourceResult result = fetch();

            assertThat(result.values()).containsEntry("name", "王小明");
            assertThat(requests()).isEqualTo(2);
        }

        @Test
        void shouldTryAgainAfterA503() {
            source.stubFor(get(urlPathMatching("/people/.*")).inScenario("restart").whenScenarioStateIs(STARTED)
                    .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
            source.stubFor(get(urlPathMatching("/people/.*")).inScenario("restart").whenScenarioStateIs("up")
                    .willReturn(okJson("{\"name\": \"王小明\"}")));

            assertThat(fetch().succeeded()).isTrue();
            assertThat(requests()).isEqualTo(2);
        }

        @Test
        void shouldNotTryAgainAfterAClientError() {
            sourceAnswers(aResponse().withStatus(400));

            assertThat(fetch().failure()).isEqualTo(UnavailableReason.SOURCE_ERROR);
            assertThat(requests()).isEqualTo(1);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("hub.citybrain.sharing.query.SourceResilienceTest#answersThatUseUpTheBudget")
        void shouldNotTryAgainWhenTheBudgetIsSpent(ResponseDefinitionBuilder answer, UnavailableReason reason) {
            sourceAnswers(answer);

            long started = System.nanoTime();
            SourceResult result = fetch(callTo("res-population", 300));

            assertThat(result.failure()).isEqualTo(reason);
            assertThat(requests()).isEqualTo(1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(900));
        }
    }

    @Nested
    @DisplayName("the latency metric")
    class Latency {

        @Test
        void shouldTimeEveryCallBySourceAndOutcome() {
            sourceAnswers(okJson("{\"name\": \"王小明\"}"));
            fetch();
            fetch();
            sourceAnswers(aResponse().withStatus(404));
            fetch();
            sourceAnswers(aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody("<html/>"));
            fetch();
            sourceAnswers(okJson("{}").withFixedDelay(1000));
            fetch(callTo("res-population", 200));

            assertThat(count("OK")).isEqualTo(2);
            assertThat(count("NOT_FOUND")).isEqualTo(1);
            assertThat(count("BAD_RESPONSE")).isEqualTo(1);
            assertThat(count("TIMEOUT")).isEqualTo(1);
            assertThat(meters.get(SourceClient.LATENCY).tag("outcome", "TIMEOUT").timer()
                    .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(200);
        }

        long count(String outcome) {
            var timer = meters.find(SourceClient.LATENCY).tag("source", "res-population").tag("outcome", outcome)
                    .timer();
            return timer == null ? 0 : timer.count();
        }
    }
}
