package hub.citybrain.registry.department;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import hub.citybrain.support.web.ApiException;
import hub.citybrain.identity.Caller;
import hub.citybrain.identity.Level;
import hub.citybrain.registry.department.DepartmentRequest.Kind;
import hub.citybrain.support.openapi.ProblemAnswer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@PreAuthorize("denyAll")
@RequestMapping("/api/v1/departments")
@Tag(name = "Departments", description = "The departments known to the hub and their clients at the identity "
        + "provider: onboarding, deactivation, credential rotation and the directory.")
class DepartmentController {

    private final DepartmentDirectory directory;

    DepartmentController(DepartmentDirectory directory) {
        this.directory = directory;
    }

    /** Registers the department and creates (or adopts) its client; the client secret is in this answer only. */
    @Operation(operationId = "registerDepartment", summary = "Register a department",
            description = "Registers the department and creates its client at the identity provider (claims `dept`, "
                    + "`level`, `region`, the hub audience, and roles by kind: CONSUMER `dept:query`, PROVIDER "
                    + "`dept:provide`, BOTH both, OPERATOR none). The client secret is in this answer only and is "
                    + "never stored by the hub; it is null when an existing client was adopted. A failure leaves "
                    + "nothing half-made: retry.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", examples = @ExampleObject(name = "county bureau",
                            value = DepartmentApiExamples.REQUEST))),
            responses = @ApiResponse(responseCode = "201", description = "Registered, with its client secret this once.",
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "registered",
                            value = DepartmentApiExamples.REGISTERED))))
    @ProblemAnswer(status = 409, code = "DEPARTMENT_EXISTS",
            detail = "A department with code gaoyou.human-resources is already registered.")
    @ProblemAnswer(status = 503, code = "IDENTITY_PROVIDER_UNAVAILABLE", detail = "The identity provider could not "
            + "create the client of gaoyou.human-resources; nothing was changed. Retry later.")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAuthority('hub:admin')")
    Mono<RegisteredDepartment> register(@Validated @RequestBody DepartmentRequest request, Caller caller) {
        return directory.register(request, caller);
    }

    @Operation(operationId = "deactivateDepartment", summary = "Deactivate a department",
            description = "Disables the department's client (no new tokens) and marks it INACTIVE; the gateway and "
                    + "the services refuse its still-valid tokens (403 DEPARTMENT_INACTIVE) as soon as the event "
                    + "arrives, within about a second.",
            responses = @ApiResponse(responseCode = "200", description = "The department, now INACTIVE.",
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "inactive",
                            value = DepartmentApiExamples.DEACTIVATED))))
    @ProblemAnswer(status = 404, code = "DEPARTMENT_NOT_FOUND", detail = "No department with code gaoyou.civil-affair.")
    @ProblemAnswer(status = 409, code = "ILLEGAL_TRANSITION", detail = "Department gaoyou.civil-affairs is already INACTIVE.")
    @ProblemAnswer(status = 409, code = "CONCURRENT_CHANGE",
            detail = "Department gaoyou.civil-affairs changed meanwhile; read it again and retry.")
    @ProblemAnswer(status = 503, code = "IDENTITY_PROVIDER_UNAVAILABLE", detail = "The identity provider could not "
            + "disable the client of gaoyou.civil-affairs; nothing was changed. Retry later.")
    @PostMapping("/{code}/deactivate")
    @PreAuthorize("hasAuthority('hub:admin')")
    Mono<DepartmentView> deactivate(@Parameter(description = "the department code", example = "gaoyou.civil-affairs") @PathVariable String code, Caller caller) {
        return directory.changeStatus(code, Status.INACTIVE, caller);
    }

    @Operation(operationId = "activateDepartment", summary = "Activate a department again",
            description = "Enables the department's client and marks it ACTIVE; its tokens are accepted again.",
            responses = @ApiResponse(responseCode = "200", description = "The department, now ACTIVE.",
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "active",
                            value = DepartmentApiExamples.VIEW))))
    @ProblemAnswer(status = 404, code = "DEPARTMENT_NOT_FOUND", detail = "No department with code gaoyou.civil-affair.")
    @ProblemAnswer(status = 409, code = "ILLEGAL_TRANSITION", detail = "Department gaoyou.civil-affairs is already ACTIVE.")
    @ProblemAnswer(status = 409, code = "IDENTITY_CLIENT_MISSING",
            detail = "The identity provider has no client gaoyou.civil-affairs to enable.")
    @ProblemAnswer(status = 409, code = "CONCURRENT_CHANGE",
            detail = "Department gaoyou.civil-affairs changed meanwhile; read it again and retry.")
    @ProblemAnswer(status = 503, code = "IDENTITY_PROVIDER_UNAVAILABLE", detail = "The identity provider could not "
            + "enable the client of gaoyou.civil-affairs; nothing was changed. Retry later.")
    @PostMapping("/{code}/activate")
    @PreAuthorize("hasAuthority('hub:admin')")
    Mono<DepartmentView> activate(@Parameter(description = "the department code", example = "gaoyou.civil-affairs") @PathVariable String code, Caller caller) {
        return directory.changeStatus(code, Status.ACTIVE, caller);
    }

    /** A hub admin or the department itself; the new secret is in this answer only. */
    @Operation(operationId = "rotateDepartmentCredentials", summary = "Rotate a department's client secret",
            description = "A new client secret, in this answer only; the old one stops obtaining tokens at once "
                    + "(tokens already issued stay valid until they expire). A hub admin (`hub:admin`) or the "
                    + "department itself (its token's `dept` claim equals `code`). Who rotated and when is recorded; "
                    + "if that record cannot be written the answer is 503 RECORDING_FAILED: rotate again.",
            responses = @ApiResponse(responseCode = "200", description = "The new secret, this once.",
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "rotated",
                            value = DepartmentApiExamples.ROTATED))))
    @ProblemAnswer(status = 403, code = "NOT_OWN_DEPARTMENT",
            detail = "Only a hub admin or department gaoyou.civil-affairs itself may rotate its credentials.")
    @ProblemAnswer(status = 404, code = "DEPARTMENT_NOT_FOUND", detail = "No department with code gaoyou.civil-affair.")
    @ProblemAnswer(status = 409, code = "IDENTITY_CLIENT_MISSING", detail = "The identity provider has no client "
            + "gaoyou.civil-affairs whose secret could be rotated.")
    @ProblemAnswer(status = 503, code = "IDENTITY_PROVIDER_UNAVAILABLE", detail = "The identity provider could not "
            + "rotate the secret of gaoyou.civil-affairs; nothing was changed. Retry later.")
    @ProblemAnswer(status = 503, code = "RECORDING_FAILED", detail = "The secret of gaoyou.civil-affairs was rotated but "
            + "the rotation could not be recorded; rotate again.")
    @PostMapping("/{code}/credentials/rotate")
    @PreAuthorize("isAuthenticated()")
    Mono<RotatedCredentials> rotateCredentials(@Parameter(description = "the department code", example = "gaoyou.civil-affairs") @PathVariable String code, Caller caller) {
        return directory.rotateCredentials(code, caller);
    }

    @Operation(operationId = "searchDepartments", summary = "Search the department directory",
            description = "Departments matching every filter given, by code. `q` matches the code or either name "
                    + "(Chinese or English), case-insensitively; the others match exactly.",
            responses = @ApiResponse(responseCode = "200", description = "The matching departments (possibly none).",
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "by name",
                            summary = "?q=民政", value = "[" + DepartmentApiExamples.VIEW + "]"))))
    @GetMapping
    @PreAuthorize("isAuthenticated()")
    Flux<DepartmentView> search(
            @Parameter(description = "part of the code or of either name", example = "民政") @RequestParam(required = false) String q,
            @Parameter(description = "administrative level", example = "COUNTY") @RequestParam(required = false) Level level,
            @Parameter(description = "what the department does in the hub", example = "CONSUMER") @RequestParam(required = false) Kind kind,
            @Parameter(description = "ACTIVE or INACTIVE", example = "ACTIVE") @RequestParam(required = false) Status status) {
        return directory.search(q, level, kind, status);
    }

    @Operation(operationId = "getDepartment", summary = "Read one department",
            description = "One department: names, level, region, kind, status and its last credential rotation.",
            responses = @ApiResponse(responseCode = "200", description = "The department.",
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "county bureau",
                            value = DepartmentApiExamples.VIEW))))
    @ProblemAnswer(status = 404, code = "DEPARTMENT_NOT_FOUND", detail = "No department with code gaoyou.civil-affair.")
    @GetMapping("/{code}")
    @PreAuthorize("isAuthenticated()")
    Mono<DepartmentView> get(@Parameter(description = "the department code", example = "gaoyou.civil-affairs") @PathVariable String code) {
        return directory.find(code).switchIfEmpty(Mono.error(ApiException.notFound("DEPARTMENT_NOT_FOUND",
                "No department with code " + code + ".")));
    }
}
