package hub.citybrain.console.signin;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.session.CookieWebSessionIdResolver;
import org.springframework.web.server.session.WebSessionIdResolver;

/**
 * The session cookie, the browser's only credential: HttpOnly, SameSite=Lax (Keycloak's redirect back after
 * sign-in is a top-level navigation and must carry it), and Secure whenever the console is reached over TLS
 * (the resolver marks it so for https requests; the gateway's X-Forwarded-Proto counts).
 */
@Configuration(proxyBeanMethods = false)
class SessionCookieConfiguration {

    static final String COOKIE = "CITYBRAIN_CONSOLE";

    @Bean
    WebSessionIdResolver webSessionIdResolver() {
        CookieWebSessionIdResolver resolver = new CookieWebSessionIdResolver();
        resolver.setCookieName(COOKIE);
        resolver.addCookieInitializer(cookie -> cookie.httpOnly(true).sameSite("Lax").path("/console"));
        return resolver;
    }
}
