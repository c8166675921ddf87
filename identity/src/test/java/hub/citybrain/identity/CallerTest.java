package hub.citybrain.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

class CallerTest {

    static final String ISSUER = "http://127.0.0.1:8180/realms/citybrain";
    final IdentityProperties properties = new IdentityProperties(ISSUER, null, null, Duration.ofSeconds(5));

    static Jwt.Builder token() {
        return Jwt.withTokenValue("t")
                .header("alg", "RS256")
                .issuer(ISSUER)
                .audience(List.of("citybrain-hub", "account"))
                .subject("service-account-gaoyou.civil-affairs")
                .issuedAt(Instant.now().minusSeconds(10))
                .expiresAt(Instant.now().plusSeconds(290))
                .claim("azp", "gaoyou.civil-affairs")
                .claim("dept", "gaoyou.civil-affairs")
                .claim("level", "COUNTY")
                .claim("region", "321084")
                .claim("realm_access", Map.of("roles", List.of("dept:query", "offline_access")));
    }

    @Test
    void shouldExposeDepartmentLevelRegionAndRolesOfTheToken() {
        Caller caller = Caller.from(token().build());

        assertThat(caller.department()).isEqualTo("gaoyou.civil-affairs");
        assertThat(caller.level()).isEqualTo(Level.COUNTY);
        assertThat(caller.region()).isEqualTo("321084");
        assertThat(caller.clientId()).isEqualTo("gaoyou.civil-affairs");
        assertThat(caller.hasRole(Roles.QUERY)).isTrue();
        assertThat(caller.hasRole(Roles.HUB_ADMIN)).isFalse();
        assertThat(caller.hubRoles()).containsExactly("dept:query");
        assertThat(caller.actsForDepartment()).isTrue();
    }

    @Test
    void shouldTreatMissingClaimsAsNoDepartmentAndNoRoles() {
        Jwt bare = Jwt.withTokenValue("t").header("alg", "RS256").subject("x").build();
        Caller caller = Caller.from(bare);

        assertThat(caller.actsForDepartment()).isFalse();
        assertThat(caller.level()).isNull();
        assertThat(caller.roles()).isEmpty();
    }

    @Test
    void shouldMapUnknownLevelToNull() {
        assertThat(Caller.from(token().claim("level", "GALACTIC").build()).level()).isNull();
        assertThat(Level.parse("township")).isEqualTo(Level.TOWNSHIP);
    }

    @Test
    void shouldAcceptAValidToken() {
        assertThat(CitybrainSecurity.validator(properties).validate(token().build()).hasErrors()).isFalse();
    }

    @Test
    void shouldRejectWrongIssuerWrongAudienceAndExpiry() {
        var validator = CitybrainSecurity.validator(properties);

        assertThat(validator.validate(token().issuer("http://evil/realms/citybrain").build()).hasErrors()).isTrue();
        assertThat(validator.validate(token().audience(List.of("account")).build()).hasErrors()).isTrue();
        assertThat(validator.validate(token()
                .issuedAt(Instant.now().minusSeconds(400))
                .expiresAt(Instant.now().minusSeconds(10)).build()).hasErrors()).isTrue();
    }

    @Test
    void shouldMapRealmRolesToAuthoritiesOfTheSameName() {
        assertThat(CitybrainSecurity.authorities(token().build()))
                .extracting(Object::toString)
                .containsExactlyInAnyOrder("dept:query", "offline_access");
    }
}
