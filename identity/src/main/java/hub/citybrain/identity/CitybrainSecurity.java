package hub.citybrain.identity;

import hub.citybrain.support.web.ProblemResponses;
import java.util.Collection;
import java.util.List;

import org.springframework.core.convert.converter.Converter;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverter;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one way every CityBrain service validates tokens: signature against the realm's keys, issuer, audience
 * and expiry (with a small skew). Realm roles become authorities named exactly as the roles
 * ({@code hasAuthority("dept:query")}).
 */
public final class CitybrainSecurity {

    /**
     * The only paths a service or the gateway answers without a token on its main port, each public by design: the
     * liveness and readiness probes for orchestrators ({@code /livez}, {@code /readyz}), and the OpenAPI documents with Swagger UI (they describe
     * the API and expose no data; every operation they list still needs a token). Prometheus and every other
     * actuator endpoint live on the management port ({@code management.server.port}), which nothing routes or
     * publishes; on the main port {@code /actuator/**} falls to deny-by-default (401 without a token). Everything
     * else stays deny-by-default.
     */
    public static final String[] PUBLIC_PATHS = { "/livez", "/readyz", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/webjars/swagger-ui/**" };

    private CitybrainSecurity() {
    }

    /**
     * Requests on the management port, which every service opens without a token ({@link ManagementPortMatcher}):
     * {@code .matchers(CitybrainSecurity.managementPort(environment)).permitAll()} before the other rules.
     */
    public static ServerWebExchangeMatcher managementPort(Environment environment) {
        return new ManagementPortMatcher(environment);
    }

    /**
     * Signature against the realm's keys (fetched from {@code jwkSetUri} and cached by Nimbus), then the claim checks
     * of {@link #validator}. With a {@code tokenCacheTtl} above zero, verified signatures are remembered for that
     * long ({@link VerifiedTokenCache}); the claim checks still run on every call.
     */
    public static ReactiveJwtDecoder jwtDecoder(IdentityProperties properties) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwkSetUri()).build();
        if (properties.tokenCacheTtl().isZero()) {
            decoder.setJwtValidator(validator(properties));
            return decoder;
        }
        decoder.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
        return new VerifiedTokenCache(decoder, validator(properties), properties.tokenCacheTtl());
    }

    public static OAuth2TokenValidator<Jwt> validator(IdentityProperties properties) {
        return new DelegatingOAuth2TokenValidator<>(List.of(
                new JwtTimestampValidator(properties.clockSkew()),
                new JwtIssuerValidator(properties.issuerUri()),
                new JwtAudienceValidator(properties.audience())));
    }

    public static Converter<Jwt, Mono<AbstractAuthenticationToken>> authenticationConverter() {
        ReactiveJwtAuthenticationConverter converter = new ReactiveJwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(jwt -> Flux.fromIterable(authorities(jwt)));
        converter.setPrincipalClaimName("sub");
        return converter;
    }

    static Collection<GrantedAuthority> authorities(Jwt jwt) {
        return Caller.realmRoles(jwt.getClaims()).stream()
                .<GrantedAuthority>map(SimpleGrantedAuthority::new)
                .toList();
    }

    /**
     * Applies the common parts of a service's filter chain: bearer-token resource server with our decoder and
     * converter, problem+json 401/403, no sessions, no CSRF (no cookies are used on these APIs), no basic or form
     * login. Callers add their own {@code authorizeExchange} rules, which must end in deny-by-default.
     */
    public static ServerHttpSecurity apply(ServerHttpSecurity http, ReactiveJwtDecoder decoder) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(
                        org.springframework.security.web.server.savedrequest.NoOpServerRequestCache.getInstance()))
                .securityContextRepository(
                        org.springframework.security.web.server.context.NoOpServerSecurityContextRepository
                                .getInstance())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint(ProblemResponses.authenticationEntryPoint())
                        .accessDeniedHandler(ProblemResponses.accessDeniedHandler()))
                .oauth2ResourceServer(rs -> rs
                        .authenticationEntryPoint(ProblemResponses.authenticationEntryPoint())
                        .accessDeniedHandler(ProblemResponses.accessDeniedHandler())
                        .authenticationFailureHandler(ProblemResponses.authenticationFailureHandler())
                        .jwt(jwt -> jwt.jwtDecoder(decoder).jwtAuthenticationConverter(authenticationConverter())));
    }
}
