package hub.citybrain.identity;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who is calling, as proven by a validated token: the department the caller acts for, its government level
 * and region, and its realm roles. {@code clientId} is the OAuth2 client ({@code azp}); {@code subject} is the
 * token subject (a user, or a client's service account).
 */
public record Caller(String clientId, String subject, String username, String department, Level level,
        String region, Set<String> roles) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** A caller acting for a department carries the {@code dept} claim; tokens without it act for nobody. */
    public boolean actsForDepartment() {
        return department != null && !department.isBlank();
    }

    public static Caller from(Jwt jwt) {
        return new Caller(
                jwt.getClaimAsString("azp"),
                jwt.getSubject(),
                jwt.getClaimAsString("preferred_username"),
                jwt.getClaimAsString("dept"),
                Level.parse(jwt.getClaimAsString("level")),
                jwt.getClaimAsString("region"),
                realmRoles(jwt.getClaims()));
    }

    /** Keycloak puts realm roles under {@code realm_access.roles}. */
    static Set<String> realmRoles(Map<String, Object> claims) {
        Object realmAccess = claims.get("realm_access");
        if (!(realmAccess instanceof Map<?, ?> access)) {
            return Set.of();
        }
        Object roles = access.get("roles");
        if (!(roles instanceof Collection<?> list)) {
            return Set.of();
        }
        Set<String> result = new TreeSet<>();
        for (Object role : list) {
            if (role != null) {
                result.add(role.toString());
            }
        }
        return result;
    }

    /**
     * A readable, stable name for audit trails: the user name, or for a client's service account the client id.
     * (Keycloak's {@code sub} of a service account is a random id that changes with every fresh realm import.)
     */
    public String name() {
        if (username != null && !username.isBlank() && !username.startsWith("service-account-")) {
            return username;
        }
        return clientId != null ? clientId : subject;
    }

    /** Roles that mean something to the hub, for logs and access records. */
    public List<String> hubRoles() {
        return roles.stream()
                .filter(r -> r.equals(Roles.QUERY) || r.equals(Roles.PROVIDE) || r.equals(Roles.HUB_ADMIN)
                        || r.equals(Roles.AUDIT_READ))
                .sorted()
                .toList();
    }
}
