package hub.citybrain.console.signin;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Who is signed in, as the realm says: the department the official acts for, its level and region, and the
 * official's realm roles. Read from the ID token, which the console client's mappers fill like the access token.
 * The console uses this only to choose what to show; the API decides what is allowed.
 */
public record ConsoleUser(String username, String name, String department, String level, String region,
        Set<String> roles) {

    public static final String QUERY = "dept:query";
    public static final String PROVIDE = "dept:provide";
    public static final String HUB_ADMIN = "hub:admin";
    public static final String AUDIT_READ = "audit:read";

    public static ConsoleUser of(OidcUser user) {
        Map<String, Object> claims = user.getClaims();
        String name = user.getFullName() != null ? user.getFullName() : user.getPreferredUsername();
        return new ConsoleUser(user.getPreferredUsername(), name, text(claims.get("dept")),
                text(claims.get("level")), text(claims.get("region")), realmRoles(claims));
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    /** A user who may read but change nothing: the auditor, with no department role and no admin role. */
    public boolean readOnly() {
        return !has(PROVIDE) && !has(QUERY) && !has(HUB_ADMIN);
    }

    private static String text(Object claim) {
        return claim == null ? null : claim.toString();
    }

    private static Set<String> realmRoles(Map<String, Object> claims) {
        Set<String> roles = new TreeSet<>();
        if (claims.get("realm_access") instanceof Map<?, ?> access
                && access.get("roles") instanceof Collection<?> list) {
            list.forEach(role -> roles.add(role.toString()));
        }
        return roles;
    }
}
