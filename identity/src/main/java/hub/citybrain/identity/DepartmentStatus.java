package hub.citybrain.identity;

import hub.citybrain.support.web.ApiException;

/**
 * Whether the registry has deactivated a department. A token issued before the deactivation stays valid until
 * it expires; every service asks this before it serves a caller, so that deactivation bites at once.
 *
 * <p>The default bean knows of no deactivation; services with Kafka get one fed by the registry's departments topic
 * ({@code hub.citybrain.identity.department}), and a web filter that refuses such callers.
 */
@FunctionalInterface
public interface DepartmentStatus {

    /** The stable problem code of a refused caller whose department is deactivated. */
    String INACTIVE = "DEPARTMENT_INACTIVE";

    /** True once the registry has deactivated {@code departmentCode}; false for unknown or null codes. */
    boolean isInactive(String departmentCode);

    DepartmentStatus NONE_INACTIVE = code -> false;

    /** The one refusal of a deactivated department's caller (403 {@value #INACTIVE}), wherever it is refused. */
    static ApiException refusal(String departmentCode) {
        return ApiException.forbidden(INACTIVE, "Department " + departmentCode
                + " has been deactivated in the registry; its tokens are refused until it is activated again.");
    }
}
