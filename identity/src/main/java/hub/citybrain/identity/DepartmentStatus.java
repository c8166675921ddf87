package hub.citybrain.identity;

/**
 * Whether the registry has deactivated a department. A token issued before the deactivation stays valid until
 * it expires; every service asks this before it serves a caller, so that deactivation bites at once.
 *
 * <p>The default bean knows of no deactivation; services with Kafka get one fed by the registry's departments topic.
 */
@FunctionalInterface
public interface DepartmentStatus {

    /** True once the registry has deactivated {@code departmentCode}; false for unknown or null codes. */
    boolean isInactive(String departmentCode);

    DepartmentStatus NONE_INACTIVE = code -> false;
}
