package hub.citybrain.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.csrf;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockOidcLogin;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.springSecurity;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.OidcLoginMutator;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * The console's pages with a mocked OIDC login, against a WireMock standing in for the gateway: the page shows who
 * is signed in and what waits for them, the API is called with the user's own access token, CSRF is enforced, and
 * an API problem is shown in the user's language with its code and trace id.
 */
// sessions in memory here: the Redis session store is exercised by the end-to-end tests
@SpringBootTest(properties = { "management.endpoint.health.group.readiness.include=ping",
        "spring.autoconfigure.exclude="
        + "org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration,"
        + "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration,"
        + "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration,"
        + "org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration,"
        + "org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration" })
@Import(ConsolePagesTest.FixedClock.class)
class ConsolePagesTest {

    static final Instant NOW = Instant.parse("2026-11-20T02:00:00Z");
    static final WireMockServer GATEWAY = new WireMockServer(options().dynamicPort());

    static {
        GATEWAY.start();
    }

    @DynamicPropertySource
    static void gateway(DynamicPropertyRegistry registry) {
        registry.add("citybrain.console.gateway-uri", GATEWAY::baseUrl);
    }

    @AfterAll
    static void stopGateway() {
        GATEWAY.stop();
    }

    @TestConfiguration
    static class FixedClock {
        @Bean
        Clock clock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }
    }

    @Autowired
    ApplicationContext context;

    WebTestClient web;

    @BeforeEach
    void bindAndResetGateway() {
        // bound with Spring Security's test support, so that the mocked OIDC logins below apply
        web = WebTestClient.bindToApplicationContext(context).apply(springSecurity()).configureClient().build();
        GATEWAY.resetAll();
    }

    @Autowired
    ReactiveClientRegistrationRepository clients;

    OidcLoginMutator provider() {
        return official("wang.fang", "王芳", "gaoyou.organisation", "COUNTY", List.of("dept:provide"));
    }

    OidcLoginMutator official(String username, String name, String dept, String level, List<String> roles) {
        OidcIdToken idToken = OidcIdToken.withTokenValue("id-token").subject(username)
                .claim("preferred_username", username).claim("name", name).claim("dept", dept)
                .claim("level", level).claim("region", "321084")
                .claim("realm_access", Map.of("roles", roles)).issuedAt(NOW).expiresAt(NOW.plusSeconds(300)).build();
        // the mutator also stores an authorized client for the login, whose access token is "access-token"
        return mockOidcLogin().clientRegistration(clients.findByRegistrationId("keycloak").block())
                .oidcUser(new DefaultOidcUser(List.of(), idToken, "preferred_username"));
    }

    static String agreement(String id, String consumer, String provider, String status, Instant replyBy,
            Instant validUntil) {
        return """
                {"id":"%s","consumer":"%s","resourceId":"res-population","provider":"%s","fields":["name"],
                 "purpose":{"code":"SUBSIDY","text":"低保审核"},"legalBasis":"《社会救助暂行办法》",
                 "validFrom":"2026-01-01T00:00:00Z","validUntil":%s,"dailyQuota":100,"status":"%s","version":1,
                 "replyBy":%s,"history":[],"createdAt":"2026-11-10T00:00:00Z"}"""
                .formatted(id, consumer, provider, validUntil == null ? "null" : "\"" + validUntil + "\"", status,
                        replyBy == null ? "null" : "\"" + replyBy + "\"");
    }

    static void gatewayAnswers(String... agreements) {
        GATEWAY.stubFor(get(urlPathEqualTo("/api/v1/agreements")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("[" + String.join(",", agreements) + "]")));
    }

    @Nested
    @DisplayName("signing in")
    class SigningIn {

        @Test
        @DisplayName("a page without a session goes to Keycloak's sign-in")
        void shouldSendAStrangerToSignIn() {
            web.get().uri("/").exchange()
                    .expectStatus().isFound()
                    .expectHeader().value(HttpHeaders.LOCATION, location ->
                            assertThat(location).endsWith("/oauth2/authorization/keycloak"));
        }

        @Test
        @DisplayName("an htmx fragment without a session gets 401 and HX-Redirect to sign-in, not a redirect it cannot follow")
        void shouldSendAnHtmxRequestToSignIn() {
            web.get().uri("/").header("HX-Request", "true").exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().value("HX-Redirect", to -> assertThat(to).endsWith("/oauth2/authorization/keycloak"));
        }

        @Test
        @DisplayName("the sign-in request uses PKCE (S256)")
        void shouldUsePkce() {
            web.get().uri("/oauth2/authorization/keycloak").exchange()
                    .expectStatus().isFound()
                    .expectHeader().value(HttpHeaders.LOCATION, location -> assertThat(location)
                            .startsWith("http://127.0.0.1:8180/realms/citybrain/protocol/openid-connect/auth")
                            .contains("code_challenge=").contains("code_challenge_method=S256"));
        }
    }

    @Nested
    @DisplayName("the home page")
    class Home {

        @Test
        @DisplayName("shows who is signed in and calls the API with that user's own access token")
        void shouldRelayTheUsersToken() {
            gatewayAnswers();
            String page = web.mutateWith(provider()).get().uri("/").header("Accept-Language", "zh-CN").exchange()
                    .expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(page).contains("王芳", "gaoyou.organisation", "县", "提供数据");
            GATEWAY.verify(getRequestedFor(urlPathEqualTo("/api/v1/agreements"))
                    .withHeader(HttpHeaders.AUTHORIZATION, equalTo("Bearer access-token")));
        }

        @Test
        @DisplayName("lists the provider's requests to decide, the overdue one marked, and agreements ending within 30 days")
        void shouldShowWhatWaits() {
            gatewayAnswers(
                    agreement("a-overdue", "gaoyou.civil-affairs", "gaoyou.organisation", "REQUESTED",
                            NOW.minusSeconds(3600), null),
                    agreement("a-other-provider", "gaoyou.civil-affairs", "national.population-registry", "REQUESTED",
                            NOW.plusSeconds(86400 * 4), null),
                    agreement("a-ending", "gaoyou.civil-affairs", "gaoyou.organisation", "ACTIVE", null,
                            NOW.plusSeconds(86400 * 10)),
                    agreement("a-later", "gaoyou.civil-affairs", "gaoyou.organisation", "ACTIVE", null,
                            NOW.plusSeconds(86400 * 90)));
            String page = web.mutateWith(provider()).get().uri("/").header("Accept-Language", "zh-CN").exchange()
                    .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
            assertThat(page).contains("待审批的申请（1）", "已逾期", "30 天内到期的协议（1）");
            // deadlines in Asia/Shanghai: 01:00 UTC is 09:00 in Gaoyou
            assertThat(page).contains("2026-11-20 09:00");
        }

        @Test
        @DisplayName("speaks English when asked, and remembers the choice")
        void shouldSwitchLanguage() {
            gatewayAnswers();
            web.mutateWith(provider()).get().uri("/?lang=en").exchange()
                    .expectStatus().isOk()
                    .expectHeader().value(HttpHeaders.SET_COOKIE, cookie -> assertThat(cookie).contains("console-lang=en"))
                    .expectBody(String.class).value(page -> assertThat(page).contains("Requests to decide (0)"));
        }

        @Test
        @DisplayName("sends a Content-Security-Policy that allows no inline script")
        void shouldForbidInlineScript() {
            gatewayAnswers();
            web.mutateWith(provider()).get().uri("/").exchange()
                    .expectHeader().value("Content-Security-Policy", csp -> assertThat(csp)
                            .contains("script-src 'self'").doesNotContain("unsafe-inline"));
        }
    }

    @Nested
    @DisplayName("problems and CSRF")
    class Problems {

        @Test
        @DisplayName("an API problem is shown with its code, trace id and a message in the user's language, never a stack trace")
        void shouldShowTheProblem() {
            GATEWAY.stubFor(get(urlPathEqualTo("/api/v1/agreements")).willReturn(aResponse().withStatus(403)
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                            + "\"code\":\"DEPARTMENT_INACTIVE\",\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\"}")));
            String page = web.mutateWith(provider()).get().uri("/").header("Accept-Language", "zh-CN").exchange()
                    .expectStatus().isForbidden().expectBody(String.class).returnResult().getResponseBody();
            assertThat(page).contains("DEPARTMENT_INACTIVE", "4bf92f3577b34da6a3ce929d0e0e4736", "您所在的部门已被停用")
                    .doesNotContain("Exception");
        }

        @Test
        @DisplayName("a form posted without the CSRF token is refused")
        void shouldRefuseAPostWithoutCsrf() {
            web.mutateWith(provider()).post().uri("/logout").exchange().expectStatus().isForbidden();
        }

        @Test
        @DisplayName("signing out with the token ends the Keycloak session too")
        void shouldEndTheKeycloakSession() {
            web.mutateWith(provider()).mutateWith(csrf()).post().uri("/logout").exchange()
                    .expectStatus().is3xxRedirection()
                    .expectHeader().value(HttpHeaders.LOCATION, location -> assertThat(location)
                            .startsWith("http://127.0.0.1:8180/realms/citybrain/protocol/openid-connect/logout"));
        }
    }
}
