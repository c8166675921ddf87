package hub.citybrain.registry.department;

import java.time.Instant;

/** A department as the API shows it. */
public record DepartmentView(String code, Names name, String level, String region, String kind, String status,
        Instant createdAt) {

    public record Names(String zh, String en) {
    }

    static DepartmentView of(Department d) {
        return new DepartmentView(d.code(), new Names(d.nameZh(), d.nameEn()), d.level(), d.region(), d.kind(),
                d.status(), d.createdAt());
    }
}
