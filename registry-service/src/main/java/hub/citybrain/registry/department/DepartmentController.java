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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@PreAuthorize("denyAll")
@RequestMapping("/api/v1/departments")
class DepartmentController {

    private final DepartmentDirectory directory;

    DepartmentController(DepartmentDirectory directory) {
        this.directory = directory;
    }

    /** Registers the department and creates (or adopts) its client; the client secret is in this answer only. */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAuthority('hub:admin')")
    Mono<RegisteredDepartment> register(@Validated @RequestBody DepartmentRequest request, Caller caller) {
        return directory.register(request, caller);
    }

    @PostMapping("/{code}/deactivate")
    @PreAuthorize("hasAuthority('hub:admin')")
    Mono<DepartmentView> deactivate(@PathVariable String code, Caller caller) {
        return directory.changeStatus(code, Status.INACTIVE, caller);
    }

    @PostMapping("/{code}/activate")
    @PreAuthorize("hasAuthority('hub:admin')")
    Mono<DepartmentView> activate(@PathVariable String code, Caller caller) {
        return directory.changeStatus(code, Status.ACTIVE, caller);
    }

    /** A hub admin or the department itself; the new secret is in this answer only. */
    @PostMapping("/{code}/credentials/rotate")
    @PreAuthorize("isAuthenticated()")
    Mono<RotatedCredentials> rotateCredentials(@PathVariable String code, Caller caller) {
        return directory.rotateCredentials(code, caller);
    }

    @GetMapping
    @PreAuthorize("isAuthenticated()")
    Flux<DepartmentView> search(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) Level level,
            @RequestParam(required = false) Kind kind,
            @RequestParam(required = false) Status status) {
        return directory.search(q, level, kind, status);
    }

    @GetMapping("/{code}")
    @PreAuthorize("isAuthenticated()")
    Mono<DepartmentView> get(@PathVariable String code) {
        return directory.find(code).switchIfEmpty(Mono.error(ApiException.notFound("DEPARTMENT_NOT_FOUND",
                "No department with code " + code + ".")));
    }
}
