package hub.citybrain.sharing.query;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static hub.citybrain.sharing.query.PolicyMother.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.web.reactive.function.client.WebClient;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.github.tomakehurst.wiremock.http.Fault;

import tools.jackson.databind.json.JsonMapper;

class SourceClientTest {

    static final String SUBJECT = "320102199001011234";
    @RegisterExtension
    static final WarmSource source = new WarmSource();

    final SourceClient client = client(SourceResilienceProperties.defaults(), new SimpleMeterRegistry());

    static SourceClient client(SourceResilienceProperties resilience, MeterRegistry meters) {
        return new SourceClient(WebClient.builder(), JsonMapper.builder().build(),
                SourceResilience.circuitBreakers(resilience), SourceResilience.retries(resilience), meters);
    }

    /** A call for name, birth date and a field the source never carries, mapped with nested pointers. */
    static Plan.SourceCall callTo(String baseUrl, int timeoutMs) {
        var population = resource("res-population")
                .field("name").mapped("name", "/person/name/full")
                .field("birthDate").mapped("birthDate", "/person/born")
                .field("deathDate").mapped("deathDate", "/person/died")
                .at(baseUrl).path("/people/{subjectKey}").timeoutMs(timeoutMs)
                .build();
        return new Plan.SourceCall(population, List.of("name", "birthDate", "deathDate"), List.of("agr-1"));
    }

    Plan.SourceCall call() {
        return callTo(source.baseUrl(), 3000);
    }

    SourceResult fetch(Plan.SourceCall call, String subjectKey) {
        return client.fetch(call, subjectKey).block(Duration.ofSeconds(10));
    }

    SourceResult fetch() {
        return fetch(call(), SUBJECT);
    }

    void sourceAnswers(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        source.stubFor(get(urlPathMatching("/people/.*")).willReturn(response));
    }

    @Nested
    @DisplayName("a source that answers")
    class Answers {

        @Test
        void shouldMapItsJsonOntoCatalogFieldsWithTheConnectorsPointers() {
            sourceAnswers(okJson("""
                    {"person": {"name": {"full": "王小明", "short": "小明"}, "born": "1990-01-01", "height": 172}}
                    """));

            SourceResult result = fetch();

            assertThat(result.succeeded()).isTrue();
            assertThat(result.values()).containsEntry("name", "王小明").containsEntry("birthDate", "1990-01-01");
            assertThat(result.collectedAt()).isNotNull();
        }

        @Test
        void shouldGiveNullForAFieldWhosePointerFindsNothing() {
            sourceAnswers(okJson("{\"person\": {\"name\": {\"full\": \"王小明\"}, \"born\": \"1990-01-01\"}}"));

            SourceResult result = fetch();

            assertThat(result.succeeded()).isTrue();
            assertThat(result.values()).containsEntry("deathDate", null).containsKey("deathDate").hasSize(3);
        }

        @Test
        void shouldKeepNonStringValuesAsTheirJsonTypes() {
            var call = new Plan.SourceCall(resource("res-x").field("age").field("tags").at(source.baseUrl()).build(),
                    List.of("age", "tags"), List.of("agr-1"));
            sourceAnswers(okJson("{\"age\": 34, \"tags\": [\"a\", \"b\"]}"));

            SourceResult result = fetch(call, SUBJECT);

            assertThat(result.values()).containsEntry("age", 34).containsEntry("tags", List.of("a", "b"));
        }

        @Test
        void shouldUrlEncodeTheSubjectKeyInThePath() {
            sourceAnswers(okJson("{}"));

            SourceResult result = fetch(call(), "3201 02/19?x=1&y#z");

            assertThat(result.succeeded()).isTrue();
            // A slash, a query or a fragment in the key must not change which resource the source serves.
            source.verify(1, getRequestedFor(urlEqualTo("/people/3201%2002%2F19%3Fx%3D1%26y%23z")));
        }

        @Test
        void shouldAskForJson() {
            sourceAnswers(okJson("{}"));

            fetch();

            source.verify(getRequestedFor(urlEqualTo("/people/" + SUBJECT))
                    .withHeader("Accept", com.github.tomakehurst.wiremock.client.WireMock.containing("application/json")));
        }
    }

    @Nested
    @DisplayName("a source that fails")
    class Fails {

        @Test
        void shouldReportTimeoutWhenTheSourceIsSlowerThanItsTimeout() {
            sourceAnswers(okJson("{}").withFixedDelay(1000));

            SourceResult result = fetch(callTo(source.baseUrl(), 200), SUBJECT);

            assertThat(result.succeeded()).isFalse();
            assertThat(result.failure()).isEqualTo(UnavailableReason.TIMEOUT);
            assertThat(result.values()).isEmpty();
        }

        @Test
        void shouldReportSourceErrorOnHttp500() {
            sourceAnswers(aResponse().withStatus(500).withBody("boom"));

            assertThat(fetch().failure()).isEqualTo(UnavailableReason.SOURCE_ERROR);
        }

        @Test
        void shouldReportNotFoundOn404() {
            sourceAnswers(aResponse().withStatus(404));

            assertThat(fetch().failure()).isEqualTo(UnavailableReason.NOT_FOUND);
        }

        @Test
        void shouldReportBadResponseOnMalformedJson() {
            sourceAnswers(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody("{\"person\": {\"name\": "));

            assertThat(fetch().failure()).isEqualTo(UnavailableReason.BAD_RESPONSE);
        }

        @Test
        void shouldReportBadResponseOnHtml() {
            sourceAnswers(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                    .withBody("<html><body>{\"person\": {}}</body></html>"));

            assertThat(fetch().failure()).isEqualTo(UnavailableReason.BAD_RESPONSE);
        }

        @Test
        void shouldReportBadResponseOnAnEmptyBody() {
            sourceAnswers(aResponse().withStatus(200).withHeader("Content-Type", "application/json"));

            assertThat(fetch().failure()).isEqualTo(UnavailableReason.BAD_RESPONSE);
        }

        @Test
        void shouldReportBadResponseOnAJsonArrayInsteadOfAnObject() {
            sourceAnswers(okJson("[{\"person\": {\"born\": \"1990-01-01\"}}]"));

            assertThat(fetch().failure()).isEqualTo(UnavailableReason.BAD_RESPONSE);
        }

        @Test
        void shouldReportSourceErrorWhenTheConnectionIsReset() {
            sourceAnswers(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

            assertThat(fetch().failure()).isEqualTo(UnavailableReason.SOURCE_ERROR);
        }

        @Test
        void shouldReportSourceErrorOnAnEmptyResponse() {
            sourceAnswers(aResponse().withFault(Fault.EMPTY_RESPONSE));

            assertThat(fetch().failure()).isEqualTo(UnavailableReason.SOURCE_ERROR);
        }

        @Test
        void shouldReportSourceErrorWhenNothingListens() throws IOException {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }

            SourceResult result = fetch(callTo("http://127.0.0.1:" + port, 1000), SUBJECT);

            assertThat(result.failure()).isEqualTo(UnavailableReason.SOURCE_ERROR);
        }
    }
}
