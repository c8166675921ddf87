package hub.citybrain.registry.agreement;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A consumer's request for access. {@code consumer} may be left out (it is the caller's department); only a hub
 * administrator may name another department. {@code id} is optional; a client that chooses it gets 409
 * AGREEMENT_EXISTS on a repeat, which makes loading idempotent.
 */
record AgreementRequest(
        @Pattern(regexp = "[a-z0-9][a-z0-9.-]{2,80}", message = "lower-case letters, digits, dots and dashes") String id,
        String consumer,
        @NotBlank String resourceId,
        @NotEmpty @Size(max = 200) List<@NotBlank String> fields,
        @NotNull @Valid Purpose purpose,
        @NotBlank String legalBasis,
        @NotNull Instant validFrom,
        @NotNull Instant validUntil,
        @Min(1) @Max(10_000_000) int dailyQuota) {

    record Purpose(@NotBlank @Pattern(regexp = "[A-Z][A-Z0-9_]{1,63}", message = "an upper-case purpose code") String code,
            @NotBlank String text) {
    }
}
