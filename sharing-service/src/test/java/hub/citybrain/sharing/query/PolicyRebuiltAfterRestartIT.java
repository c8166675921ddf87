package hub.citybrain.sharing.query;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static hub.citybrain.sharing.query.PolicyMother.CONSUMER;
import static hub.citybrain.sharing.query.PolicyMother.agreement;
import static hub.citybrain.sharing.query.PolicyMother.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import hub.citybrain.identity.Level;
import hub.citybrain.identity.Roles;
import hub.citybrain.testsupport.TestTokens;
import hub.citybrain.sharing.policy.PolicyView;

/**
 * The sharing service keeps its view of the catalog and the agreements in memory only; a restarted service must
 * rebuild it from the registry's compacted topics before it answers as before, with no help from the registry,
 * and then follow new changes within seconds.
 */
class PolicyRebuiltAfterRestartIT {

    static final TestTokens TOKENS = new TestTokens();
    static final String SUBJECT = "321084198001010033";

    static SharingInfrastructure infrastructure;
    static PolicyPublisher registry;

    @BeforeAll
    static void startInfrastructure() {
        infrastructure = new SharingInfrastructure();
        infrastructure.source().stubFor(get(urlPathMatching("/people/.*")).willReturn(okJson("{\"name\": \"陈静\"}")));
        registry = infrastructure.policyPublisher();
    }

    @AfterAll
    static void stopInfrastructure() {
        registry.close();
        infrastructure.close();
    }

    @Test
    void shouldRebuildThePolicyFromTheTopicsAfterARestartAndFollowLaterChanges() throws Exception {
        var population = resource("res-population").field("name").at(infrastructure.source().baseUrl())
                .path("/people/{subjectKey}");
        var granted = agreement("agr-rebuild").consumer(CONSUMER).on(population.build(), "name");
        registry.publish(population.event());
        registry.publish(granted.event());
        String token = TOKENS.department(CONSUMER, Level.COUNTY, "321084", Roles.QUERY);

        try (var first = infrastructure.startService(TOKENS)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    first.query(token, SUBJECT, List.of("name")).body().at("/fields/name/value").asString())
                    .isEqualTo("陈静"));
        }

        // Nothing is published while the service is down; the new instance must find it all on the topics.
        try (var second = infrastructure.startService(TOKENS)) {
            PolicyView policy = second.bean(PolicyView.class);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(policy.resourceCount()).isEqualTo(1);
                assertThat(policy.agreement("agr-rebuild")).hasValueSatisfying(
                        a -> assertThat(a.status()).isEqualTo("ACTIVE"));
            });
            assertThat(second.query(token, SUBJECT, List.of("name")).body().at("/fields/name/value").asString())
                    .isEqualTo("陈静");

            var revoked = granted.status("REVOKED").version(2).event();
            long sent = System.nanoTime();
            registry.publish(revoked);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
                var answer = second.query(token, SUBJECT, List.of("name")).body();
                assertThat(answer.at("/fields/name").isMissingNode()).isTrue();
                assertThat(answer.at("/denied/0/reason").asString()).isEqualTo("NO_AGREEMENT");
            });
            System.out.printf("revocation followed %d ms after it was published%n",
                    Duration.ofNanos(System.nanoTime() - sent).toMillis());
        }
    }
}
