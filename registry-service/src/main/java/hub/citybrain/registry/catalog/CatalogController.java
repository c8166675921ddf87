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
import hub.citybrain.support.openapi.ProblemAnswer;
import hub.citybrain.support.web.ApiException;
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
@RequestMapping("/api/v1/catalog/resources")
@Tag(name = "Catalog", description = "The resource catalog (政务信息资源目录): what each department holds, which fields, "
        + "how they may be shared, and how the hub reaches the holder's system.")
class CatalogController {

    private final Catalog catalog;

    CatalogController(Catalog catalog) {
        this.catalog = catalog;
    }

    @Operation(operationId = "registerResource", summary = "Publish a resource in the catalog",
            description = "Publishes a department's resource: its fields with type, sensitivity, sharing category "
                    + "(UNCONDITIONAL, CONDITIONAL, NOT_SHARED), authoritative flag and aliases, its update cycle and "
                    + "the connector to the holder's system. The holder publishes its own resources (`dept:provide`); "
                    + "a hub admin may publish for any department. A second authoritative source for the same "
                    + "(subject type, field) is refused (一数一源).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", examples = @ExampleObject(name = "dibao",
                            summary = "Gaoyou civil affairs publishes its subsistence allowance records",
                            value = CatalogApiExamples.REQUEST))),
            responses = @ApiResponse(responseCode = "201", description = "Published, at version 1.",
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "published",
                            value = CatalogApiExamples.VIEW))))
    @ProblemAnswer(status = 400, code = "DUPLICATE_FIELD", detail = "Field subsistenceAmount is declared twice.")
    @ProblemAnswer(status = 403, code = "NOT_RESOURCE_HOLDER", detail = "Only the holding department (role "
            + "dept:provide) or a hub admin may publish or edit this resource.")
    @ProblemAnswer(status = 409, code = "RESOURCE_EXISTS",
            detail = "A resource with id res-gaoyou-civil-affairs-subsistence already exists.")
    @ProblemAnswer(status = 409, code = "AUTHORITATIVE_SOURCE_EXISTS", detail = "Field name of PERSON already has an "
            + "authoritative source: res-national-population-person. Mark this field non-authoritative or change "
            + "that resource first.")
    @ProblemAnswer(status = 422, code = "UNKNOWN_FIELD",
            detail = "The connector maps gridCode, which is not a field of this resource.")
    @ProblemAnswer(status = 422, code = "UNKNOWN_DEPARTMENT",
            detail = "No department with code gaoyou.civil-affair is registered.")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyAuthority('hub:admin', 'dept:provide')")
    Mono<ResourceView> register(@Validated @RequestBody ResourceRequest request, Caller caller) {
        return catalog.register(request, caller);
    }

    /** The holder department or a hub admin; {@code If-Match: "<version>"} guards against lost updates. */
    @Operation(operationId = "updateResource", summary = "Edit a resource",
            description = "Replaces a resource's title, fields, update cycle and connector; `id`, `holder` and "
                    + "`subjectType` cannot change. Send `If-Match: \"<version>\"` with the version you read: a "
                    + "stale edit is refused with 409 VERSION_CONFLICT instead of overwriting someone else's "
                    + "(without If-Match, or with `*`, the edit applies to whatever version is stored). The holder "
                    + "(`dept:provide`) or a hub admin.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", examples = @ExampleObject(name = "dibao",
                            value = CatalogApiExamples.REQUEST))),
            responses = @ApiResponse(responseCode = "200", description = "Edited; `version` is one higher.",
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "edited",
                            value = CatalogApiExamples.VIEW))))
    @ProblemAnswer(status = 400, code = "INVALID_IF_MATCH",
            detail = "If-Match must carry the resource version, e.g. \"3\".")
    @ProblemAnswer(status = 400, code = "DUPLICATE_FIELD", detail = "Field subsistenceAmount is declared twice.")
    @ProblemAnswer(status = 403, code = "NOT_RESOURCE_HOLDER", detail = "Only the holding department (role "
            + "dept:provide) or a hub admin may publish or edit this resource.")
    @ProblemAnswer(status = 404, code = "RESOURCE_NOT_FOUND",
            detail = "No resource with id res-gaoyou-civil-affairs-subsistence.")
    @ProblemAnswer(status = 409, code = "VERSION_CONFLICT",
            detail = "The resource is at version 3, not 2; reload it and edit again.")
    @ProblemAnswer(status = 409, code = "CONCURRENT_MODIFICATION",
            detail = "The resource changed while this edit was made; try again.")
    @ProblemAnswer(status = 409, code = "AUTHORITATIVE_SOURCE_EXISTS", detail = "Field name of PERSON already has an "
            + "authoritative source: res-national-population-person. Mark this field non-authoritative or change "
            + "that resource first.")
    @ProblemAnswer(status = 422, code = "IMMUTABLE_FIELD", detail = "id, holder and subjectType of a resource cannot "
            + "change; register a new resource instead.")
    @ProblemAnswer(status = 422, code = "UNKNOWN_FIELD",
            detail = "The connector maps gridCode, which is not a field of this resource.")
    @PutMapping("/{id}")
    @PreAuthorize("hasAnyAuthority('hub:admin', 'dept:provide')")
    Mono<ResourceView> update(
            @Parameter(description = "the resource id", example = "res-gaoyou-civil-affairs-subsistence") @PathVariable String id,
            @Validated @RequestBody ResourceRequest request,
            @Parameter(description = "the version read, quoted: `\"3\"` (a weak `W/\"3\"` is accepted)", example = "\"1\"")
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

    @Operation(operationId = "searchResources", summary = "Browse and search the catalog",
            description = "Every resource matching all the filters given, by id. `q` looks in the Chinese and English "
                    + "titles, the field descriptions and the field aliases (the labels forms use), case-insensitively. "
                    + "The connector (internal addresses) is shown only to the holder and hub admins.",
            responses = @ApiResponse(responseCode = "200", description = "The matching resources (possibly none).",
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "by alias",
                            summary = "?q=户主姓名", value = CatalogApiExamples.LIST))))
    @GetMapping
    @PreAuthorize("isAuthenticated()")
    Flux<ResourceView> search(Caller caller,
            @Parameter(description = "PERSON, HOUSEHOLD, ENTERPRISE or BUILDING", example = "PERSON") @RequestParam(required = false) String subjectType,
            @Parameter(description = "the holder department's code", example = "national.population-registry") @RequestParam(required = false) String holder,
            @Parameter(description = "a field name the resource has", example = "name") @RequestParam(required = false) String field,
            @Parameter(description = "free text: titles, descriptions, aliases", example = "户主姓名") @RequestParam(required = false) String q) {
        return catalog.search(caller, subjectType, holder, field, q);
    }

    @Operation(operationId = "getResource", summary = "Read one resource",
            description = "One catalog resource with its fields and version (send the version back in If-Match when "
                    + "editing). The connector is shown only to the holder and hub admins.",
            responses = @ApiResponse(responseCode = "200", description = "The resource.",
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "as its holder",
                            value = CatalogApiExamples.VIEW))))
    @ProblemAnswer(status = 404, code = "RESOURCE_NOT_FOUND",
            detail = "No resource with id res-gaoyou-civil-affairs-subsistence.")
    @GetMapping("/{id}")
    @PreAuthorize("isAuthenticated()")
    Mono<ResourceView> get(Caller caller,
            @Parameter(description = "the resource id", example = "res-gaoyou-civil-affairs-subsistence") @PathVariable String id) {
        return catalog.find(id, caller).switchIfEmpty(
                Mono.error(ApiException.notFound("RESOURCE_NOT_FOUND", "No resource with id " + id + ".")));
    }
}
