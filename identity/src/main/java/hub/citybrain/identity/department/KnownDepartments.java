package hub.citybrain.identity.department;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import hub.citybrain.identity.DepartmentStatus;

/**
 * The departments' status as the registry last published it, newest version per code. Events are at-least-once
 * and the topic is replayed from the start, so an older version arriving late never overwrites a newer one.
 */
final class KnownDepartments implements DepartmentStatus {

    static final String INACTIVE_STATUS = "INACTIVE";

    private record Known(String status, long version) {
    }

    private final Map<String, Known> byCode = new ConcurrentHashMap<>();
    private volatile boolean replayed;

    void apply(String code, String status, long version) {
        byCode.merge(code, new Known(status, version), (old, neu) -> neu.version() >= old.version() ? neu : old);
    }

    /** A tombstone: the registry no longer knows the department, so it is not refused here any more. */
    void forget(String code) {
        byCode.remove(code);
    }

    /** True once the feed has applied what was on the topic when this instance started. */
    boolean replayed() {
        return replayed;
    }

    void markReplayed() {
        replayed = true;
    }

    int size() {
        return byCode.size();
    }

    /** Unknown departments (a demo client, a test token) are not refused: only the registry's word counts. */
    @Override
    public boolean isInactive(String departmentCode) {
        Known known = departmentCode == null ? null : byCode.get(departmentCode);
        return known != null && INACTIVE_STATUS.equals(known.status());
    }
}
