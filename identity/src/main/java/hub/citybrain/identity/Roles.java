package hub.citybrain.identity;

/** Realm roles of the {@code citybrain} realm, as they appear in {@code realm_access.roles}. */
public final class Roles {
    public static final String QUERY = "dept:query";
    public static final String PROVIDE = "dept:provide";
    public static final String HUB_ADMIN = "hub:admin";
    public static final String AUDIT_READ = "audit:read";

    private Roles() {
    }
}
