package hub.citybrain.registry.department;

import hub.citybrain.identity.Level;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

record DepartmentRequest(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9.-]{2,80}", message = "lower-case letters, digits, dots and dashes") String code,
        @NotNull @Valid Names name,
        @NotNull Level level,
        @NotBlank @Pattern(regexp = "\\d{6}", message = "a six-digit GB/T 2260 region code") String region,
        @NotNull Kind kind) {

    record Names(@NotBlank String zh, @NotBlank String en) {
    }

    /** OPERATOR: the hub's own operating department; its client gets no data roles (admins get hub:admin apart). */
    enum Kind {
        PROVIDER, CONSUMER, BOTH, OPERATOR
    }
}
