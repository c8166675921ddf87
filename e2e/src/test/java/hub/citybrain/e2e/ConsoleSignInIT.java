package hub.citybrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * The console in a real Chromium, through the gateway, signing in on Keycloak's real login page with the demo
 * realm's officials: who they are and what waits for them, in Chinese by default; the session cookie is the only
 * thing the browser holds; signing out ends the Keycloak session too.
 */
@ExtendWith(EmbeddedStack.class)
@DisplayName("The console's sign-in")
class ConsoleSignInIT {

    static final String PASSWORD = "demo-official-password";

    @Test
    @DisplayName("a provider official signs in on Keycloak's page and sees their department, level and what waits for them")
    void shouldSignInAProviderOfficial() throws Exception {
        try (Browser browser = Browser.open("zh-CN")) {
            browser.go("/");
            assertThat(browser.driver.getCurrentUrl()).as("a stranger is sent to Keycloak's login page")
                    .contains("/realms/citybrain/protocol/openid-connect/auth");
            browser.signIn("organisation.official", PASSWORD);
            String page = browser.text();
            assertThat(page).contains("欢迎", "gaoyou.organisation", "县", "提供数据", "待审批的申请");
            browser.screenshot("home");
            // tokens stay on the server: the browser's cookies are the session and the language, nothing else
            assertThat(browser.driver.manage().getCookies()).allSatisfy(cookie -> {
                assertThat(cookie.getName()).isIn("CITYBRAIN_CONSOLE", "console-lang");
                assertThat(cookie.getValue()).doesNotStartWith("eyJ");
            });
            assertThat(browser.driver.manage().getCookieNamed("CITYBRAIN_CONSOLE").isHttpOnly()).isTrue();
        }
    }

    @Test
    @DisplayName("the auditor signs in, reads, and finds no button that changes anything")
    void shouldShowTheAuditorAReadOnlyHome() throws Exception {
        try (Browser browser = Browser.open("en")) {
            browser.go("/");
            browser.signIn("auditor", "demo-auditor-password");
            assertThat(browser.text()).contains("read-only");
            // the only form on the page is signing out
            assertThat(browser.driver.findElements(By.tagName("form"))).hasSize(1);
            assertThat(browser.driver.findElement(By.tagName("form")).getAttribute("action")).endsWith("/logout");
        }
    }

    @Test
    @DisplayName("signing out ends the Keycloak session: the next visit asks for the password again")
    void shouldEndTheKeycloakSessionOnSignOut() throws Exception {
        try (Browser browser = Browser.open("zh-CN")) {
            browser.go("/");
            browser.signIn("civil-affairs.official", PASSWORD);
            assertThat(browser.text()).contains("gaoyou.civil-affairs");
            browser.driver.findElement(By.cssSelector("form[action$='/logout'] button")).click();
            browser.go("/");
            assertThat(browser.driver.findElements(By.id("username"))).as("Keycloak asks for the password again")
                    .isNotEmpty();
        }
    }

    @Test
    @DisplayName("pages carry a Content-Security-Policy without inline script, and the console is reached only through the gateway's port")
    void shouldSendSecurityHeaders() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(EmbeddedStack.gateway() + "/console/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline"));
        assertThat(response.headers().firstValue("X-Frame-Options")).isPresent();
    }
}
