package hub.citybrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deactivation bites at once: a department's token, still valid for minutes, is refused by every service within
 * 2 s of the deactivation's answer (the registry's event reaches the gateway, the registry and the sharing service),
 * and accepted again within 2 s of activation.
 */
@ExtendWith(EmbeddedStack.class)
@DisplayName("Deactivating a department")
class DeactivationIT {

    static final Duration AT_ONCE = Duration.ofSeconds(2);

    @Test
    @DisplayName("refuses its live token with 403 DEPARTMENT_INACTIVE at the gateway and at each service within 2 s; activation restores it as fast")
    void shouldRefuseTheLiveTokenEverywhereWithinTwoSeconds() {
        String admin = Tokens.clientCredentials(DepartmentOnboardingIT.ADMIN);
        var registered = DepartmentOnboardingIT.registerOwn(admin, "e2e-deact-");
        String code = registered.code();
        String token = registered.token();

        Map<String, Supplier<Http.Response>> calls = calls(token);
        calls.forEach((name, call) -> assertThat(call.get().status()).as("%s before deactivation", name)
                .isEqualTo(200));

        Http.Response deactivated = Http.post(EmbeddedStack.gateway() + "/api/v1/departments/" + code
                + "/deactivate", admin, "", Map.of());
        assertThat(deactivated.status()).as("deactivate: %s", deactivated.raw()).isEqualTo(200);
        long refusedAfter = awaitEvery(calls, 403);
        calls.forEach((name, call) -> {
            Http.Response refused = call.get();
            assertThat(refused.contentType()).as(name).startsWith("application/problem+json");
            assertThat(refused.body().path("code").asText()).as("%s: %s", name, refused.raw())
                    .isEqualTo("DEPARTMENT_INACTIVE");
        });
        // another department's token is served as before
        assertThat(DepartmentOnboardingIT.query(Tokens.clientCredentials("chelu.township-office")).status())
                .isEqualTo(200);

        Http.Response activated = Http.post(EmbeddedStack.gateway() + "/api/v1/departments/" + code + "/activate",
                admin, "", Map.of());
        assertThat(activated.status()).as("activate: %s", activated.raw()).isEqualTo(200);
        long acceptedAfter = awaitEvery(calls, 200);
        System.out.printf("DeactivationIT: live token refused everywhere %d ms after the deactivation's answer, "
                + "accepted again %d ms after the activation's answer%n", refusedAfter, acceptedAfter);
    }

    /** The same live token at the gateway (to each service) and at each service's own port. */
    static Map<String, Supplier<Http.Response>> calls(String token) {
        Map<String, Object> query = Map.of("subjectType", "PERSON", "subjectKey", DepartmentOnboardingIT.SUBJECT,
                "fields", List.of("name"), "purpose", "SUBSISTENCE_REVIEW");
        String registry = "http://127.0.0.1:" + EmbeddedStack.REGISTRY;
        String sharing = "http://127.0.0.1:" + EmbeddedStack.SHARING;
        Map<String, Supplier<Http.Response>> calls = new LinkedHashMap<>();
        calls.put("gateway POST /api/v1/queries",
                () -> Http.post(EmbeddedStack.gateway() + "/api/v1/queries", token, query, Map.of()));
        calls.put("gateway GET /api/v1/catalog/resources",
                () -> Http.get(EmbeddedStack.gateway() + "/api/v1/catalog/resources", token));
        calls.put("registry GET /api/v1/catalog/resources",
                () -> Http.get(registry + "/api/v1/catalog/resources", token));
        calls.put("sharing POST /api/v1/queries", () -> Http.post(sharing + "/api/v1/queries", token, query, Map.of()));
        return calls;
    }

    /** Waits (at most 2 s from now) until every call answers {@code status}; returns how long that took. */
    static long awaitEvery(Map<String, Supplier<Http.Response>> calls, int status) {
        long start = System.nanoTime();
        await().atMost(AT_ONCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .until(() -> calls.values().stream().allMatch(call -> call.get().status() == status));
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }
}
