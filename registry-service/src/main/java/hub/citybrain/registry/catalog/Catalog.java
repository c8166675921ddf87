package hub.citybrain.registry.catalog;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import hub.citybrain.events.ResourceChanged;
import hub.citybrain.events.Topics;
import hub.citybrain.identity.Caller;
import hub.citybrain.registry.department.DepartmentDirectory;
import hub.citybrain.registry.outbox.EventOutbox;
import hub.citybrain.identity.ApiException;
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
        String id = request.id() != null ? request.id() : "res-" + UUID.randomUUID();
        return departments.require(request.holder())
                .flatMap(holder -> mongo.exists(Query.query(Criteria.where("_id").is(id)), Resource.class)
                        .flatMap(exists -> exists
                                ? Mono.error(resourceExists(id))
                                : claimAuthoritativeFields(id, request)
                                        .then(insert(id, holder.level(), request, by))))
                .map(ResourceView::of);
    }

    private Mono<Resource> insert(String id, String holderLevel, ResourceRequest request, Caller by) {
        List<Resource.Field> fields = request.fields().stream()
                .map(f -> new Resource.Field(f.name(), f.type(), f.description(), f.sensitivity(),
                        f.sharing().name(), f.authoritative()))
                .toList();
        var c = request.connector();
        var connector = new Resource.Connector(c.baseUrl(), c.pathTemplate(), c.timeoutMs(), Map.copyOf(c.mapping()));
        var state = new ResourceChanged.Resource(id, request.title().zh(), request.title().en(), request.holder(),
                holderLevel, request.subjectType().name(), request.subjectKey(), request.updateCycle(),
                fields.stream().map(f -> new ResourceChanged.Field(f.name(), f.type(), f.description(),
                        f.sensitivity(), f.sharing(), f.authoritative())).toList(),
                new ResourceChanged.Connector(connector.baseUrl(), connector.pathTemplate(), connector.timeoutMs(),
                        connector.mapping()),
                1);
        var event = outbox.pending(Topics.REGISTRY_RESOURCES, id, ResourceChanged.TYPE,
                stamp -> ResourceChanged.of(stamp.eventId(), stamp.occurredAt(), state));
        Resource doc = new Resource(id, state.titleZh(), state.titleEn(), state.holder(), holderLevel,
                state.subjectType(), state.subjectKey(), state.updateCycle(), fields, connector, 1, Instant.now(),
                by.name(), List.of(event));
        return mongo.insert(doc)
                .onErrorResume(DuplicateKeyException.class,
                        e -> releaseClaims(id).then(Mono.error(resourceExists(id))));
    }

    /** Claims are inserted one by one; on the first refusal the ones already taken are given back. */
    private Mono<Void> claimAuthoritativeFields(String resourceId, ResourceRequest request) {
        List<AuthoritativeClaim> claims = request.fields().stream()
                .filter(ResourceRequest.FieldSpec::authoritative)
                .map(f -> new AuthoritativeClaim(AuthoritativeClaim.idOf(request.subjectType().name(), f.name()),
                        request.subjectType().name(), f.name(), resourceId))
                .toList();
        return Flux.fromIterable(claims)
                .concatMap(claim -> mongo.insert(claim)
                        .onErrorResume(DuplicateKeyException.class, e -> mongo
                                .findById(claim.id(), AuthoritativeClaim.class)
                                .flatMap(held -> releaseClaims(resourceId).then(Mono.error(ApiException.conflict(
                                        "AUTHORITATIVE_SOURCE_EXISTS",
                                        "Field " + claim.field() + " of " + claim.subjectType()
                                                + " already has an authoritative source: " + held.resourceId()
                                                + ". Mark this field non-authoritative or change that resource first."))))))
                .then();
    }

    private Mono<Void> releaseClaims(String resourceId) {
        return mongo.remove(Query.query(Criteria.where("resourceId").is(resourceId)), AuthoritativeClaim.class).then();
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
        Query query = new Query().with(Sort.by("_id"));
        if (subjectType != null && !subjectType.isBlank()) {
            query.addCriteria(Criteria.where("subjectType").is(subjectType));
        }
        if (holder != null && !holder.isBlank()) {
            query.addCriteria(Criteria.where("holder").is(holder));
        }
        if (field != null && !field.isBlank()) {
            query.addCriteria(Criteria.where("fields.name").is(field));
        }
        if (text != null && !text.isBlank()) {
            String quoted = Pattern.quote(text);
            query.addCriteria(new Criteria().orOperator(
                    Criteria.where("titleZh").regex(quoted, "i"),
                    Criteria.where("titleEn").regex(quoted, "i"),
                    Criteria.where("fields.description").regex(quoted, "i")));
        }
        return mongo.find(query, Resource.class).map(r -> ResourceView.forCaller(r, caller));
    }
}
