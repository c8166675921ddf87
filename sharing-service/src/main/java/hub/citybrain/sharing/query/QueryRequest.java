package hub.citybrain.sharing.query;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

record QueryRequest(
        @NotBlank @Pattern(regexp = "PERSON|HOUSEHOLD|ENTERPRISE|BUILDING", message = "PERSON, HOUSEHOLD, ENTERPRISE or BUILDING") String subjectType,
        @NotBlank @Size(max = 64) String subjectKey,
        @NotEmpty List<@NotBlank @Size(max = 64) String> fields,
        @NotBlank @Size(max = 64) String purpose) {
}
