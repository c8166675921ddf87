package hub.citybrain.identity;

import java.time.Duration;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import reactor.core.publisher.Mono;

/**
 * Remembers the tokens whose signature has been verified, so that a department system sending the same token with
 * every query until it refreshes it pays for parsing and the RS256 check once instead of on every call (the
 * benchmark's profile of the JWT route put Spring Security and Nimbus at the top).
 * <p>
 * Only the signature check is remembered. The claim checks (expiry with the configured skew, not-before, issuer,
 * audience) run again on every use, so an expired token is refused at once, cached or not. An entry is kept at most
 * {@code ttl}, so a signing key withdrawn from the realm stops its tokens within that time; the key is the whole
 * token string, signature included, so no other token can match an entry. Bounded in size (least recently used
 * entries go first); {@code ttl} of zero turns the cache off.
 */
final class VerifiedTokenCache implements ReactiveJwtDecoder {

    static final long MAX_TOKENS = 10_000;

    private final ReactiveJwtDecoder signatureOnly;
    private final OAuth2TokenValidator<Jwt> validator;
    private final Cache<String, Jwt> verified;

    VerifiedTokenCache(ReactiveJwtDecoder signatureOnly, OAuth2TokenValidator<Jwt> validator, Duration ttl) {
        this.signatureOnly = signatureOnly;
        this.validator = validator;
        this.verified = Caffeine.newBuilder()
                .maximumSize(MAX_TOKENS)
                .expireAfterWrite(ttl)
                .executor(Runnable::run) // housekeeping on the caller's thread: no pool for a few map operations
                .build();
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Jwt known = verified.getIfPresent(token);
        Mono<Jwt> jwt = known != null ? Mono.just(known)
                : signatureOnly.decode(token).doOnNext(decoded -> verified.put(token, decoded));
        return jwt.map(this::validate);
    }

    private Jwt validate(Jwt jwt) {
        OAuth2TokenValidatorResult result = validator.validate(jwt);
        if (result.hasErrors()) {
            String description = result.getErrors().iterator().next().getDescription();
            throw new JwtValidationException("An error occurred while attempting to decode the Jwt: " + description,
                    result.getErrors());
        }
        return jwt;
    }

    long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }
}
