package hub.citybrain.registry.department;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A department as the API shows it; {@code lastCredentialRotation} says when and by whom its client secret was
 * last rotated (absent if never).
 */
public record DepartmentView(String code, Names name, String level, String region, String kind, String status,
        Instant createdAt, @JsonInclude(JsonInclude.Include.NON_NULL) Rotation lastCredentialRotation) {

    public record Names(String zh, String en) {
    }

    public record Rotation(Instant at, String by) {
    }

    static DepartmentView of(Department d) {
        List<Department.CredentialRotation> rotations = d.credentialRotations();
        Rotation last = rotations == null || rotations.isEmpty() ? null
                : new Rotation(rotations.get(rotations.size() - 1).at(), rotations.get(rotations.size() - 1).by());
        return new DepartmentView(d.code(), new Names(d.nameZh(), d.nameEn()), d.level(), d.region(), d.kind(),
                d.status(), d.createdAt(), last);
    }
}
