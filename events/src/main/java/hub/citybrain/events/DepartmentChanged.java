package hub.citybrain.events;

import java.time.Instant;

/** A department was registered or changed; carries its full new state. */
public record DepartmentChanged(String eventId, String type, Instant occurredAt, Department department) {

    public static final String TYPE = "citybrain.registry.department-changed.v1";

    public static DepartmentChanged of(String eventId, Instant occurredAt, Department department) {
        return new DepartmentChanged(eventId, TYPE, occurredAt, department);
    }

    public record Department(String code, String nameZh, String nameEn, String level, String region, String kind,
            String status, long version) {
    }
}
