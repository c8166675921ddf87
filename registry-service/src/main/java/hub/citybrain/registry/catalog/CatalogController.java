package hub.citybrain.registry.catalog;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import hub.citybrain.identity.Caller;
import hub.citybrain.support.web.ApiException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@PreAuthorize("denyAll")
@RequestMapping("/api/v1/catalog/resources")
class CatalogController {

    private final Catalog catalog;

    CatalogController(Catalog catalog) {
        this.catalog = catalog;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyAuthority('hub:admin', 'dept:provide')")
    Mono<ResourceView> register(@Validated @RequestBody ResourceRequest request, Caller caller) {
        return catalog.register(request, caller);
    }

    /** The holder department or a hub admin; {@code If-Match: "<version>"} guards against lost updates. */
    @PutMapping("/{id}")
    @PreAuthorize("hasAnyAuthority('hub:admin', 'dept:provide')")
    Mono<ResourceView> update(
            @PathVariable String id,
            @Validated @RequestBody ResourceRequest request,
            @RequestHeader(name = "If-Match", required = false) String ifMatch, Caller caller) {
        return catalog.update(id, request, expectedVersion(ifMatch), caller);
    }

    private static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.equals("*")) {
            return null;
        }
        String value = ifMatch.trim().replaceFirst("^W/", "").replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("INVALID_IF_MATCH", "If-Match must carry the resource version, e.g. \"3\".");
        }
    }

    @GetMapping
    @PreAuthorize("isAuthenticated()")
    Flux<ResourceView> search(Caller caller,
            @RequestParam(required = false) String subjectType,
            @RequestParam(required = false) String holder,
            @RequestParam(required = false) String field,
            @RequestParam(required = false) String q) {
        return catalog.search(caller, subjectType, holder, field, q);
    }

    @GetMapping("/{id}")
    @PreAuthorize("isAuthenticated()")
    Mono<ResourceView> get(Caller caller,
            @PathVariable String id) {
        return catalog.find(id, caller).switchIfEmpty(
                Mono.error(ApiException.notFound("RESOURCE_NOT_FOUND", "No resource with id " + id + ".")));
    }
}
