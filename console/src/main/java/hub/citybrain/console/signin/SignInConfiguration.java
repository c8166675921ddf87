package hub.citybrain.console.signin;

import java.net.URI;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.server.logout.OidcClientInitiatedServerLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.server.DefaultServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.server.WebSessionServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint.DelegateEntry;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher.MatchResult;

import hub.citybrain.console.ConsoleProperties;
import reactor.core.publisher.Mono;

/**
 * Sign-in through Keycloak (authorization code with PKCE). The tokens are kept in the server-side session (Redis),
 * never in the browser: its only credential is the session cookie. Every page but the assets needs a signed-in
 * user; forms carry a CSRF token; the Content-Security-Policy allows no inline script; logout ends the Keycloak
 * session as well.
 */
@Configuration(proxyBeanMethods = false)
class SignInConfiguration {

    static final String REGISTRATION = "keycloak";
    static final String LOGIN_PATH = "/oauth2/authorization/" + REGISTRATION;

    /** Built here rather than discovered: the console starts while Keycloak is still starting, and in compose the
     * browser and the console reach Keycloak under different names. */
    @Bean
    ReactiveClientRegistrationRepository clientRegistrations(ConsoleProperties console) {
        String browser = console.issuerUri() + "/protocol/openid-connect";
        String back = console.backChannelUri() + "/protocol/openid-connect";
        ClientRegistration keycloak = ClientRegistration.withRegistrationId(REGISTRATION)
                .clientId(console.clientId())
                .clientSecret(console.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope("openid")
                .authorizationUri(browser + "/auth")
                .tokenUri(back + "/token")
                .jwkSetUri(back + "/certs")
                .userInfoUri(back + "/userinfo")
                .userNameAttributeName("preferred_username")
                .issuerUri(console.issuerUri())
                .providerConfigurationMetadata(Map.of("end_session_endpoint", browser + "/logout"))
                .clientName("Keycloak")
                .build();
        return new InMemoryReactiveClientRegistrationRepository(keycloak);
    }

    /** The user's tokens live in the web session, so that every console instance sharing the session store has them. */
    @Bean
    ServerOAuth2AuthorizedClientRepository authorizedClients() {
        return new WebSessionServerOAuth2AuthorizedClientRepository();
    }

    @Bean
    SecurityWebFilterChain console(ServerHttpSecurity http, ReactiveClientRegistrationRepository clients,
            ConsoleProperties console) {
        DefaultServerOAuth2AuthorizationRequestResolver authorizationRequests =
                new DefaultServerOAuth2AuthorizationRequestResolver(clients);
        authorizationRequests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        OidcClientInitiatedServerLogoutSuccessHandler endKeycloakSession =
                new OidcClientInitiatedServerLogoutSuccessHandler(clients);
        endKeycloakSession.setPostLogoutRedirectUri("{baseUrl}/");
        String keycloakOrigin = origin(console.issuerUri());
        return http
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/assets/**", "/webjars/**", "/livez", "/readyz").permitAll()
                        .anyExchange().authenticated())
                .oauth2Login(login -> login.authorizationRequestResolver(authorizationRequests))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(signInAgain()))
                .logout(logout -> logout.logoutSuccessHandler(endKeycloakSession))
                .csrf(Customizer.withDefaults())
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; script-src 'self'; "
                                + "style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
                                + "frame-ancestors 'none'; form-action 'self' " + keycloakOrigin))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)))
                .build();
    }

    /**
     * A page request without a session goes to Keycloak's login page. An htmx request (a fragment fetched by the
     * page) cannot follow that redirect: it gets 401 with {@code HX-Redirect}, and htmx sends the whole page there.
     */
    private static DelegatingServerAuthenticationEntryPoint signInAgain() {
        ServerWebExchangeMatcher htmx = exchange -> exchange.getRequest().getHeaders().containsHeader("HX-Request")
                ? MatchResult.match() : MatchResult.notMatch();
        DelegatingServerAuthenticationEntryPoint entryPoint = new DelegatingServerAuthenticationEntryPoint(
                new DelegateEntry(htmx, (exchange, denied) -> {
                    exchange.getResponse().setStatusCode(HttpStatus.UNAUTHORIZED);
                    String login = exchange.getRequest().getPath().contextPath().value() + LOGIN_PATH;
                    exchange.getResponse().getHeaders().set("HX-Redirect", login);
                    return Mono.empty();
                }));
        entryPoint.setDefaultEntryPoint(new RedirectServerAuthenticationEntryPoint(LOGIN_PATH));
        return entryPoint;
    }

    private static String origin(String uri) {
        URI parsed = URI.create(uri);
        return parsed.getScheme() + "://" + parsed.getAuthority();
    }
}
