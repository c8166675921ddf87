package hub.citybrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

/** The demo world was loaded through the API, as departments would have made it. */
@ExtendWith(EmbeddedStack.class)
@DisplayName("The demo world")
class DemoWorldIT {

    @Test
    @DisplayName("holds departments at every level from national to township and agreements in every state")
    void shouldHoldDepartmentsAtEveryLevelAndAgreementsInEveryState() {
        String admin = Tokens.clientCredentials("hub.data-authority");

        Set<String> levels = new HashSet<>();
        Http.get(EmbeddedStack.gateway() + "/api/v1/departments", admin).body()
                .forEach(d -> levels.add(d.path("level").asText()));
        assertThat(levels).contains("NATIONAL", "PROVINCIAL", "MUNICIPAL", "COUNTY", "TOWNSHIP");

        Set<String> sources = new HashSet<>();
        Http.get(EmbeddedStack.gateway() + "/api/v1/catalog/resources", admin).body()
                .forEach(r -> sources.add(r.path("holder").asText()));
        assertThat(sources).hasSize(7);

        // the demo's short-lived agreement expires a few seconds after loading
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Set<String> states = new HashSet<>();
            JsonNode agreements = Http.get(EmbeddedStack.gateway() + "/api/v1/agreements", admin).body();
            agreements.forEach(a -> states.add(a.path("status").asText()));
            assertThat(states).contains("ACTIVE", "REQUESTED", "REJECTED", "SUSPENDED", "REVOKED", "EXPIRED");
        });
        JsonNode agreements = Http.get(EmbeddedStack.gateway() + "/api/v1/agreements?status=REJECTED", admin).body();
        JsonNode rejection = agreements.get(0).path("history");
        assertThat(rejection.get(rejection.size() - 1).path("reason").asText()).isNotBlank();
        assertThat(Http.get(EmbeddedStack.gateway() + "/api/v1/agreements?status=REQUESTED", admin).body().get(0)
                .path("replyBy").asText()).isNotBlank();
    }
}
