package hub.citybrain.sharing.burden;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import hub.citybrain.support.web.ApiException;
import hub.citybrain.identity.Caller;
import hub.citybrain.identity.Level;
import hub.citybrain.identity.Roles;
import hub.citybrain.support.openapi.ProblemAnswer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

@RestController
@PreAuthorize("denyAll")
@Tag(name = "Burden", description = "How much re-collection the hub saved the grassroots (基层减负): checks, field "
        + "values saved, queries and fields supplied, by month and department.")
class BurdenController {

    private static final String REPORT = """
            {"from": "2026-10", "to": "2026-11", "consumer": "gaoyou.civil-affairs",
             "rows": [{"month": "2026-10", "consumer": "gaoyou.civil-affairs", "level": "COUNTY", "region": "321084",
                       "checks": 4, "fieldsSaved": 9600, "queries": 2310, "fieldsSupplied": 11550},
                      {"month": "2026-11", "consumer": "gaoyou.civil-affairs", "level": "COUNTY", "region": "321084",
                       "checks": 6, "fieldsSaved": 14400, "queries": 3175, "fieldsSupplied": 15875}],
             "totals": {"checks": 10, "fieldsSaved": 24000, "queries": 5485, "fieldsSupplied": 27425}}
            """;

    private final BurdenLedger ledger;

    BurdenController(BurdenLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * The data authority (hub admin) reads everyone's figures; a department (dept:query) reads its own, which is
     * what it needs to report its own burden reduction upwards, and may not read another's: how much a department
     * re-collects is an assessment figure, not public. {@code from}/{@code to} are inclusive months ({@code 2026-11}).
     */
    @Operation(operationId = "burden", summary = "Read the burden-reduction figures",
            description = "Collection checks, field values the grassroots need not collect, queries and fields "
                    + "supplied, per month and consumer department, with totals. A hub admin reads everyone's "
                    + "figures; a department (`dept:query`) reads only its own (how much a department re-collects "
                    + "is an assessment figure, not public). `from` and `to` are inclusive months.",
            responses = @ApiResponse(responseCode = "200", description = "The figures.",
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "own figures",
                            summary = "Gaoyou civil affairs, October to November", value = REPORT))))
    @ProblemAnswer(status = 400, code = "VALIDATION_FAILED", detail = "from (2026-12) is after to (2026-11).")
    @ProblemAnswer(status = 403, code = "NOT_OWN_DEPARTMENT",
            detail = "A department reads only its own burden figures; the data authority reads everyone's.")
    @ProblemAnswer(status = 422, code = "NO_DEPARTMENT", detail = "The token does not name a department (claim 'dept'); "
            + "a department reads its own figures.")
    @GetMapping("/api/v1/metrics/burden")
    @PreAuthorize("hasAnyAuthority('hub:admin', 'dept:query')")
    Mono<BurdenReport> burden(
            @Parameter(description = "first month, inclusive", example = "2026-10") @RequestParam(required = false) String from,
            @Parameter(description = "last month, inclusive", example = "2026-11") @RequestParam(required = false) String to,
            @Parameter(description = "a consumer department (a department may name only itself)", example = "gaoyou.civil-affairs") @RequestParam(required = false) String consumer,
            @Parameter(description = "NATIONAL, PROVINCIAL, MUNICIPAL, COUNTY, TOWNSHIP or VILLAGE", example = "COUNTY") @RequestParam(required = false) String level,
            @Parameter(description = "a six-digit GB/T 2260 region code", example = "321084") @RequestParam(required = false) String region,
            Caller caller) {
        return Mono.fromCallable(() -> filter(from, to, consumer, level, region, caller)).flatMap(ledger::report);
    }

    private static BurdenFilter filter(String from, String to, String consumer, String level, String region,
            Caller caller) {
        YearMonth fromMonth = month("from", from);
        YearMonth toMonth = month("to", to);
        if (fromMonth != null && toMonth != null && fromMonth.isAfter(toMonth)) {
            throw ApiException.badRequest("VALIDATION_FAILED", "from (" + from + ") is after to (" + to + ").");
        }
        Level parsedLevel = blank(level) ? null : Level.parse(level);
        if (!blank(level) && parsedLevel == null) {
            throw ApiException.badRequest("VALIDATION_FAILED", "level must be one of NATIONAL, PROVINCIAL, MUNICIPAL, "
                    + "COUNTY, TOWNSHIP, VILLAGE.");
        }
        String department = blank(consumer) ? null : consumer.trim();
        if (!caller.hasRole(Roles.HUB_ADMIN)) {
            if (!caller.actsForDepartment()) {
                throw ApiException.unprocessable("NO_DEPARTMENT",
                        "The token does not name a department (claim 'dept'); a department reads its own figures.");
            }
            if (department != null && !department.equals(caller.department())) {
                throw new ApiException(HttpStatus.FORBIDDEN, "NOT_OWN_DEPARTMENT",
                        "A department reads only its own burden figures; the data authority reads everyone's.");
            }
            department = caller.department();
        }
        return new BurdenFilter(fromMonth, toMonth, department, parsedLevel == null ? null : parsedLevel.name(),
                blank(region) ? null : region.trim());
    }

    private static YearMonth month(String name, String value) {
        if (blank(value)) {
            return null;
        }
        try {
            return YearMonth.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("VALIDATION_FAILED", name + " must be a month such as 2026-11.");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
