package hub.citybrain.sharing;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import hub.citybrain.identity.TrustedTestTokens;
import hub.citybrain.testsupport.TestTokens;

/** The sharing service's ITs trust {@link #TOKENS} instead of Keycloak; everything after the signature is real. */
@TestConfiguration(proxyBeanMethods = false)
public class TrustTestTokens {

    public static final TestTokens TOKENS = new TestTokens();

    @Bean
    @Primary
    ReactiveJwtDecoder testJwtDecoder() {
        return TrustedTestTokens.decoder(TOKENS);
    }
}
