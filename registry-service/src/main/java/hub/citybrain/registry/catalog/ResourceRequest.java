package hub.citybrain.registry.catalog;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

record ResourceRequest(
        @Pattern(regexp = "[a-z0-9][a-z0-9.-]{2,80}", message = "lower-case letters, digits, dots and dashes") String id,
        @NotNull @Valid Title title,
        @NotBlank String holder,
        @NotNull SubjectType subjectType,
        @NotBlank String subjectKey,
        @NotBlank @Pattern(regexp = "P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?", message = "an ISO-8601 duration such as P1D, PT6H or P1M") String updateCycle,
        @NotEmpty @Size(max = 200) List<@Valid FieldSpec> fields,
        @NotNull @Valid ConnectorSpec connector) {

    record Title(@NotBlank String zh, @NotBlank String en) {
    }

    record FieldSpec(
            @NotBlank @Pattern(regexp = "[a-zA-Z][a-zA-Z0-9]{0,63}", message = "a camelCase name") String name,
            @NotBlank String type,
            String description,
            @NotBlank String sensitivity,
            @NotNull SharingCategory sharing,
            boolean authoritative,
            @Size(max = 20) List<@NotBlank @Size(max = 64) String> aliases) {

        /** Aliases are optional: a field without any is matched by its name alone. */
        List<String> aliasesOrNone() {
            return aliases == null ? List.of() : List.copyOf(aliases);
        }
    }

    record ConnectorSpec(
            @NotBlank @Pattern(regexp = "https?://.+", message = "an http(s) URL") String baseUrl,
            @NotBlank @Pattern(regexp = "/.*\\{subjectKey}.*", message = "a path containing {subjectKey}") String pathTemplate,
            @Min(50) @Max(30000) int timeoutMs,
            @NotEmpty Map<String, @NotBlank @Pattern(regexp = "/.*", message = "a JSON Pointer") String> mapping) {
    }
}
