package hub.citybrain.identity;

import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import hub.citybrain.testsupport.TestTokens;

/** Test tokens checked as production checks a token: the realm's issuer, the hub's audience, expiry with its skew. */
public final class TrustedTestTokens {

    private TrustedTestTokens() {
    }

    /** The identity settings test tokens are issued for (the defaults, as a service without configuration has). */
    public static IdentityProperties properties() {
        return new IdentityProperties(TestTokens.ISSUER, null, TestTokens.AUDIENCE, null);
    }

    /** A decoder that trusts the test key and validates exactly like production (issuer, audience, expiry). */
    public static ReactiveJwtDecoder decoder(TestTokens tokens) {
        return tokens.decoder(CitybrainSecurity.validator(properties()));
    }
}
