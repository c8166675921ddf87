package hub.citybrain.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import hub.citybrain.testsupport.TestTokens;
import reactor.test.StepVerifier;

class VerifiedTokenCacheTest {

    final TestTokens tokens = new TestTokens();
    final AtomicInteger verifications = new AtomicInteger();
    /** the signature check alone, counting how often it really runs */
    final ReactiveJwtDecoder signatureOnly = token -> {
        verifications.incrementAndGet();
        NimbusReactiveJwtDecoder nimbus = (NimbusReactiveJwtDecoder) TrustedTestTokens.decoder(tokens);
        nimbus.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
        return nimbus.decode(token);
    };

    VerifiedTokenCache cache(Clock clock) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ofSeconds(5));
        timestamps.setClock(clock);
        return new VerifiedTokenCache(signatureOnly, new DelegatingOAuth2TokenValidator<>(List.of(timestamps,
                new JwtIssuerValidator(TestTokens.ISSUER), new JwtAudienceValidator("citybrain-hub"))),
                Duration.ofMinutes(5));
    }

    @Test
    void aTokenSentAgainIsNotVerifiedAgain() {
        VerifiedTokenCache cache = cache(Clock.systemUTC());
        String token = tokens.department("gaoyou.civil-affairs", Level.COUNTY, "321084", "dept:query");

        for (int i = 0; i < 3; i++) {
            StepVerifier.create(cache.decode(token))
                    .assertNext(jwt -> assertThat(jwt.getClaimAsString("dept")).isEqualTo("gaoyou.civil-affairs"))
                    .verifyComplete();
        }
        assertThat(verifications).hasValue(1);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void aCachedTokenIsRefusedOnceItHasExpired() {
        MutableClock clock = new MutableClock(Instant.now());
        VerifiedTokenCache cache = cache(clock);
        Instant now = Instant.now();
        String token = tokens.sign(tokens.claims("gaoyou.civil-affairs", Level.COUNTY, "321084", "dept:query")
                .expirationTime(Date.from(now.plusSeconds(30))).build());

        StepVerifier.create(cache.decode(token)).expectNextCount(1).verifyComplete();
        clock.now = now.plusSeconds(36); // past expiry and the 5 s skew, well inside the cache's 5 minutes
        StepVerifier.create(cache.decode(token)).expectError(JwtValidationException.class).verify();
        assertThat(verifications).as("the refusal came from the claim checks of the cached token").hasValue(1);
    }

    @Test
    void claimChecksRunOnEveryCallEvenForAKnownSignature() {
        VerifiedTokenCache cache = cache(Clock.systemUTC());
        String otherAudience = tokens.sign(tokens.claims("gaoyou.civil-affairs", Level.COUNTY, "321084", "dept:query")
                .audience("someone-else").build());

        StepVerifier.create(cache.decode(otherAudience)).expectError(JwtValidationException.class).verify();
        StepVerifier.create(cache.decode(otherAudience)).expectError(JwtValidationException.class).verify();
    }

    @Test
    void aForgedSignatureIsRefusedAndNotRemembered() {
        VerifiedTokenCache cache = cache(Clock.systemUTC());
        String token = tokens.department("gaoyou.civil-affairs", Level.COUNTY, "321084", "dept:query");
        String forged = new TestTokens().department("gaoyou.civil-affairs", Level.COUNTY, "321084", "admin:agreements");

        StepVerifier.create(cache.decode(token)).expectNextCount(1).verifyComplete();
        StepVerifier.create(cache.decode(forged)).expectError(BadJwtException.class).verify();
        StepVerifier.create(cache.decode(forged)).expectError(BadJwtException.class).verify();
        assertThat(cache.size()).isEqualTo(1);
        assertThat(verifications).hasValue(3);
    }

    @Test
    void aZeroTtlTurnsTheCacheOff() {
        IdentityProperties off = new IdentityProperties(TestTokens.ISSUER, null, null, null, Duration.ZERO);
        IdentityProperties defaults = new IdentityProperties(TestTokens.ISSUER, null, null, null);

        assertThat(CitybrainSecurity.jwtDecoder(off)).isNotInstanceOf(VerifiedTokenCache.class);
        assertThat(CitybrainSecurity.jwtDecoder(defaults)).isInstanceOf(VerifiedTokenCache.class);
        assertThat(defaults.tokenCacheTtl()).isEqualTo(Duration.ofSeconds(60));
    }

    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
