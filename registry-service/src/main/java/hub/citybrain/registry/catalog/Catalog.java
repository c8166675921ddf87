package hub.citybrain.registry.catalog;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import hub.citybrain.events.ResourceChanged;
import hub.citybrain.events.Topics;
import hub.citybrain.support.web.ApiException;
import hub.citybrain.identity.Caller;
import hub.citybrain.identity.Roles;
import hub.citybrain.registry.department.DepartmentDirectory;
import hub.citybrain.registry.outbox.EventOutbox;
import hub.citybrain.registry.search.Filters;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The resource catalog (政务信息资源目录): what each department holds, and how the hub reaches it. */
@Service
public class Catalog {

    private final ReactiveMongoTemplate mongo;
    private final EventOutbox outbox;
    private final DepartmentDirectory departments;

    Catalog(ReactiveMongoTemplate mongo, EventOutbox outbox, DepartmentDirectory departments) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.departments = departments;
    }

    /** What another feature needs to know about a resource. */
    public record Entry(String id, String holder, String subjectType, Map<String, String> sharingByField) {
    }

    public Mono<Entry> entry(String id) {
        return mongo.findById(id, Resource.class).map(r -> {
            Map<String, String> sharing = new LinkedHashMap<>();
            r.fields().forEach(f -> sharing.put(f.name(), f.sharing()));
            return new Entry(r.id(), r.holder(), r.subjectType(), sharing);
        });
    }

    Mono<ResourceView> register(ResourceRequest request, Caller by) {
        checkConsistency(request);
        if (!mayEdit(by, request.holder())) {
            return Mono.error(notHolder());
        }
        String id = request.id() != null ? request.id() : "res-" + UUID.randomUUID();
        String subjectType = request.subjectType().name();
        List<String> authoritative = authoritativeNames(request);
        return departments.require(request.holder())
                .flatMap(holder -> mongo.exists(Query.query(Criteria.where("_id").is(id)), Resource.class)
                        .flatMap(exists -> exists
                                ? Mono.error(resourceExists(id))
                                : claim(id, subjectType, authoritative)
                                        .then(insert(id, holder.level(), request, by)
                                                .onErrorResume(DuplicateKeyException.class, e -> release(id,
                                                        subjectType, authoritative).then(Mono.error(resourceExists(id)))))))
                .map(ResourceView::of);
    }

    /**
     * Replaces a resource's description, fields and connector. Holder and subject type are its identity and
     * cannot change. The change and its event are one conditional single-document update on the version read,
     * so a concurrent edit is refused rather than overwritten.
     */
    Mono<ResourceView> update(String id, ResourceRequest request, Long expectedVersion, Caller by) {
        checkConsistency(request);
        return mongo.findById(id, Resource.class)
                .switchIfEmpty(Mono.error(ApiException.notFound("RESOURCE_NOT_FOUND", "No resource with id " + id + ".")))
                .flatMap(current -> {
                    if (!mayEdit(by, current.holder())) {
                        return Mono.error(notHolder());
                    }
                    if ((request.id() != null && !request.id().equals(id)) || !current.holder().equals(request.holder())
                            || !current.subjectType().equals(request.subjectType().name())) {
                        return Mono.error(ApiException.unprocessable("IMMUTABLE_FIELD",
                                "id, holder and subjectType of a resource cannot change; register a new resource instead."));
                    }
                    if (expectedVersion != null && expectedVersion != current.version()) {
                        return Mono.error(ApiException.conflict("VERSION_CONFLICT", "The resource is at version "
                                + current.version() + ", not " + expectedVersion + "; reload it and edit again."));
                    }
                    Set<String> before = new LinkedHashSet<>(current.fields().stream()
                            .filter(Resource.Field::authoritative).map(Resource.Field::name).toList());
                    Set<String> after = new LinkedHashSet<>(authoritativeNames(request));
                    List<String> added = after.stream().filter(f -> !before.contains(f)).toList();
                    List<String> removed = before.stream().filter(f -> !after.contains(f)).toList();
                    return claim(id, current.subjectType(), added)
                            .then(replace(current, request, by))
                            .flatMap(updated -> release(id, current.subjectType(), removed).thenReturn(updated))
                            .switchIfEmpty(release(id, current.subjectType(), added).then(Mono.error(ApiException.conflict(
                                    "CONCURRENT_MODIFICATION", "The resource changed while this edit was made; try again."))));
                })
                .map(ResourceView::of);
    }

    private record Snapshot(List<Resource.Field> fields, Resource.Connector connector, ResourceChanged.Resource state) {
    }

    private static Snapshot snapshot(String id, String holderLevel, ResourceRequest request, long version) {
        List<Resource.Field> fields = request.fields().stream()
                .map(f -> new Resource.Field(f.name(), f.type(), f.description(), f.sensitivity(),
                        f.sharing().name(), f.authoritative(), f.aliasesOrNone()))
                .toList();
        var c = request.connector();
        var connector = new Resource.Connector(c.baseUrl(), c.pathTemplate(), c.timeoutMs(), Map.copyOf(c.mapping()));
        var state = new ResourceChanged.Resource(id, request.title().zh(), request.title().en(), request.holder(),
                holderLevel, request.subjectType().name(), request.subjectKey(), request.updateCycle(),
                fields.stream().map(f -> new ResourceChanged.Field(f.name(), f.type(), f.description(),
                        f.sensitivity(), f.sharing(), f.authoritative(), f.aliases())).toList(),
                new ResourceChanged.Connector(connector.baseUrl(), connector.pathTemplate(), connector.timeoutMs(),
                        connector.mapping()),
                version);
        return new Snapshot(fields, connector, state);
    }

    private Mono<Resource> insert(String id, String holderLevel, ResourceRequest request, Caller by) {
        Snapshot snapshot = snapshot(id, holderLevel, request, 1);
        var state = snapshot.state();
        var event = outbox.pending(Topics.REGISTRY_RESOURCES, id, ResourceChanged.TYPE,
                stamp -> ResourceChanged.of(stamp.eventId(), stamp.occurredAt(), state));
        Resource doc = new Resource(id, state.titleZh(), state.titleEn(), state.holder(), holderLevel,
                state.subjectType(), state.subjectKey(), state.updateCycle(), snapshot.fields(), snapshot.connector(),
                1, Instant.now(), by.name(), null, null, List.of(event));
        return outbox.stored(mongo.insert(doc));
    }

    private Mono<Resource> replace(Resource current, ResourceRequest request, Caller by) {
        long version = current.version() + 1;
        Snapshot next = snapshot(current.id(), current.holderLevel(), request, version);
        var event = outbox.pending(Topics.REGISTRY_RESOURCES, current.id(), ResourceChanged.TYPE,
                stamp -> ResourceChanged.of(stamp.eventId(), stamp.occurredAt(), next.state()));
        Query sameVersion = Query.query(Criteria.where("_id").is(current.id()).and("version").is(current.version()));
        Update update = new Update()
                .set("titleZh", request.title().zh())
                .set("titleEn", request.title().en())
                .set("subjectKey", request.subjectKey())
                .set("updateCycle", request.updateCycle())
                .set("fields", next.fields())
                .set("connector", next.connector())
                .set("version", version)
                .set("updatedAt", Instant.now())
                .set("updatedBy", by.name())
                .push("pendingEvents", event);
        return outbox.stored(mongo.findAndModify(sameVersion, update, FindAndModifyOptions.options().returnNew(true),
                Resource.class));
    }

    private static boolean mayEdit(Caller caller, String holder) {
        return caller.hasRole(Roles.HUB_ADMIN) || (caller.hasRole(Roles.PROVIDE) && holder.equals(caller.department()));
    }

    private static ApiException notHolder() {
        return new ApiException(HttpStatus.FORBIDDEN, "NOT_RESOURCE_HOLDER",
                "Only the holding department (role dept:provide) or a hub admin may publish or edit this resource.");
    }

    private static List<String> authoritativeNames(ResourceRequest request) {
        return request.fields().stream().filter(ResourceRequest.FieldSpec::authoritative)
                .map(ResourceRequest.FieldSpec::name).toList();
    }

    /**
     * 一数一源: claims are inserted one by one; the primary key refuses a field already claimed by another resource,
     * and on that refusal the claims this call took are given back.
     */
    private Mono<Void> claim(String resourceId, String subjectType, List<String> fields) {
        return Flux.fromIterable(fields)
                .concatMap(field -> {
                    var claim = new AuthoritativeClaim(AuthoritativeClaim.idOf(subjectType, field), subjectType, field,
                            resourceId);
                    return mongo.insert(claim).onErrorResume(DuplicateKeyException.class, e -> mongo
                            .findById(claim.id(), AuthoritativeClaim.class)
                            .flatMap(held -> held.resourceId().equals(resourceId) ? Mono.just(held)
                                    : release(resourceId, subjectType, fields).then(Mono.error(
                                            authoritativeConflict(claim, held)))));
                })
                .then();
    }

    private Mono<Void> release(String resourceId, String subjectType, List<String> fields) {
        if (fields.isEmpty()) {
            return Mono.empty();
        }
        List<String> ids = fields.stream().map(f -> AuthoritativeClaim.idOf(subjectType, f)).toList();
        return mongo.remove(Query.query(Criteria.where("_id").in(ids).and("resourceId").is(resourceId)),
                AuthoritativeClaim.class).then();
    }

    private static ApiException authoritativeConflict(AuthoritativeClaim claim, AuthoritativeClaim held) {
        return ApiException.conflict("AUTHORITATIVE_SOURCE_EXISTS",
                "Field " + claim.field() + " of " + claim.subjectType() + " already has an authoritative source: "
                        + held.resourceId() + ". Mark this field non-authoritative or change that resource first.");
    }

    private static ApiException resourceExists(String id) {
        return ApiException.conflict("RESOURCE_EXISTS", "A resource with id " + id + " already exists.");
    }

    private static void checkConsistency(ResourceRequest request) {
        Set<String> names = new HashSet<>();
        for (var field : request.fields()) {
            if (!names.add(field.name())) {
                throw ApiException.badRequest("DUPLICATE_FIELD", "Field " + field.name() + " is declared twice.");
            }
        }
        for (String mapped : request.connector().mapping().keySet()) {
            if (!names.contains(mapped)) {
                throw ApiException.unprocessable("UNKNOWN_FIELD",
                        "The connector maps " + mapped + ", which is not a field of this resource.");
            }
        }
    }

    Mono<ResourceView> find(String id, Caller caller) {
        return mongo.findById(id, Resource.class).map(r -> ResourceView.forCaller(r, caller));
    }

    Flux<ResourceView> search(Caller caller, String subjectType, String holder, String field, String text) {
        Query query = new Filters().equal("subjectType", subjectType).equal("holder", holder)
                .equal("fields.name", field)
                .containsAny(text, "titleZh", "titleEn", "fields.description", "fields.aliases")
                .query();
        return mongo.find(query, Resource.class).map(r -> ResourceView.forCaller(r, caller));
    }
}
