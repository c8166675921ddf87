package hub.citybrain.registry.department;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import hub.citybrain.registry.department.DepartmentClients.Outcome;
import hub.citybrain.registry.department.DepartmentClients.Provisioned;

/**
 * The answer to a registration: the department, and its client's secret this one time. The secret is not stored
 * anywhere by the hub; it is {@code null} when an existing client was adopted.
 */
record RegisteredDepartment(String code, DepartmentView.Names name, String level, String region, String kind,
        String status, Instant createdAt, Outcome clientProvisioning,
        @JsonInclude(JsonInclude.Include.ALWAYS) String clientSecret) {

    static RegisteredDepartment of(DepartmentView d, Provisioned provisioned) {
        return new RegisteredDepartment(d.code(), d.name(), d.level(), d.region(), d.kind(), d.status(),
                d.createdAt(), provisioned.outcome(), provisioned.secret());
    }

    @Override
    public String toString() {
        return "RegisteredDepartment[" + code + ", " + clientProvisioning + "]";
    }
}
