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

import hub.citybrain.identity.Caller;
import hub.citybrain.identity.ApiException;
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

    /** Hub admin only (see SecurityConfiguration). Keycloak client creation arrives with the onboarding issue. */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAuthority('hub:admin')")
    Mono<DepartmentView> register(@Validated @RequestBody DepartmentRequest request, Caller caller) {
        return directory.register(request, caller);
    }

    @GetMapping
    @PreAuthorize("isAuthenticated()")
    Flux<DepartmentView> list(@RequestParam(required = false) String level) {
        return directory.list(level);
    }

    @GetMapping("/{code}")
    @PreAuthorize("isAuthenticated()")
    Mono<DepartmentView> get(@PathVariable String code) {
        return directory.find(code).switchIfEmpty(Mono.error(ApiException.notFound("DEPARTMENT_NOT_FOUND",
                "No department with code " + code + ".")));
    }
}
