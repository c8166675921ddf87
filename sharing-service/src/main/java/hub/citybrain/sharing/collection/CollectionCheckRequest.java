package hub.citybrain.sharing.collection;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A planned grassroots collection: a form about {@code subjects} subjects of one type, with these column labels
 * (catalog field names or the form's own wording), for a purpose. The bounds keep one check cheap: a real form has
 * tens of columns, and a county has at most a few million residents.
 */
record CollectionCheckRequest(
        @NotBlank @Pattern(regexp = "PERSON|HOUSEHOLD|ENTERPRISE|BUILDING", message = "PERSON, HOUSEHOLD, ENTERPRISE or BUILDING") String subjectType,
        @NotEmpty @Size(max = 100) List<@NotBlank @Size(max = 64) String> fields,
        @Min(1) @Max(10_000_000) int subjects,
        @NotBlank @Pattern(regexp = "[A-Z][A-Z0-9_]{1,63}", message = "an upper-case purpose code, e.g. SUBSISTENCE_REVIEW") String purpose) {
}
