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
import reactor.core.publisher.Mono;

@RestController
@PreAuthorize("denyAll")
class BurdenController {

    private final BurdenLedger ledger;

    BurdenController(BurdenLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * The data authority (hub admin) reads everyone's figures; a department (dept:query) reads its own, which is
     * what it needs to report its own burden reduction upwards, and may not read another's: how much a department
     * re-collects is an assessment figure, not public. {@code from}/{@code to} are inclusive months ({@code 2026-11}).
     */
    @GetMapping("/api/v1/metrics/burden")
    @PreAuthorize("hasAnyAuthority('hub:admin', 'dept:query')")
    Mono<BurdenReport> burden(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String consumer,
            @RequestParam(required = false) String level,
            @RequestParam(required = false) String region,
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
