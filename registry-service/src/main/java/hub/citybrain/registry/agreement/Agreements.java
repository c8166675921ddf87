package hub.citybrain.registry.agreement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import hub.citybrain.events.AgreementChanged;
import hub.citybrain.events.Topics;
import hub.citybrain.identity.Caller;
import hub.citybrain.identity.Roles;
import hub.citybrain.registry.catalog.Catalog;
import hub.citybrain.registry.department.DepartmentDirectory;
import hub.citybrain.registry.outbox.EventOutbox;
import hub.citybrain.identity.ApiException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Data-sharing agreements: who may read which fields of which resource, for what purpose, until when. */
@Service
class Agreements {

    private final ReactiveMongoTemplate mongo;
    private final EventOutbox outbox;
    private final Catalog catalog;
    private final DepartmentDirectory departments;

    Agreements(ReactiveMongoTemplate mongo, EventOutbox outbox, Catalog catalog, DepartmentDirectory departments) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.catalog = catalog;
        this.departments = departments;
    }

    /** A hub admin records an agreement that is in force at once (the request/approval flow comes later). */
    Mono<AgreementView> createActive(AgreementRequest request, Caller by) {
        if (!request.validUntil().isAfter(request.validFrom())) {
            return Mono.error(ApiException.badRequest("INVALID_VALIDITY", "validUntil must be after validFrom."));
        }
        List<String> fields = List.copyOf(new LinkedHashSet<>(request.fields()));
        return departments.require(request.consumer())
                .then(catalog.entry(request.resourceId())
                        .switchIfEmpty(Mono.error(ApiException.unprocessable("UNKNOWN_RESOURCE",
                                "No resource with id " + request.resourceId() + " is in the catalog."))))
                .flatMap(resource -> {
                    for (String field : fields) {
                        String sharing = resource.sharingByField().get(field);
                        if (sharing == null) {
                            return Mono.error(ApiException.unprocessable("UNKNOWN_FIELD",
                                    "Resource " + resource.id() + " has no field " + field + "."));
                        }
                        if ("NOT_SHARED".equals(sharing)) {
                            return Mono.error(ApiException.unprocessable("FIELD_NOT_SHARED",
                                    "Field " + field + " of " + resource.id() + " is classified NOT_SHARED."));
                        }
                    }
                    return insert(request, fields, resource.holder(), by);
                })
                .map(AgreementView::of);
    }

    private Mono<Agreement> insert(AgreementRequest request, List<String> fields, String provider, Caller by) {
        String id = request.id() != null ? request.id() : "agr-" + UUID.randomUUID();
        Instant now = Instant.now();
        var state = new AgreementChanged.Agreement(id, request.consumer(), request.resourceId(), provider, fields,
                request.purpose().code(), request.purpose().text(), request.legalBasis(), request.validFrom(),
                request.validUntil(), request.dailyQuota(), "ACTIVE", 1);
        var event = outbox.pending(Topics.REGISTRY_AGREEMENTS, id, AgreementChanged.TYPE,
                stamp -> AgreementChanged.of(stamp.eventId(), stamp.occurredAt(), state));
        var history = new ArrayList<Agreement.Transition>();
        history.add(new Agreement.Transition(null, "ACTIVE", now, by.name(), by.department(),
                "recorded in force by the hub administrator"));
        Agreement doc = new Agreement(id, state.consumer(), state.resourceId(), provider, fields, state.purposeCode(),
                state.purposeText(), state.legalBasis(), state.validFrom(), state.validUntil(), state.dailyQuota(),
                state.status(), state.version(), history, now, List.of(event));
        return mongo.insert(doc).onErrorMap(DuplicateKeyException.class,
                e -> ApiException.conflict("AGREEMENT_EXISTS", "An agreement with id " + id + " already exists."));
    }

    /** Admins and auditors see every agreement; a department sees those it consumes or provides. */
    Flux<AgreementView> list(Caller caller, String consumer, String resourceId, String status) {
        Query query = new Query().with(Sort.by("_id"));
        if (!seesAll(caller)) {
            String dept = caller.department() == null ? "\u0000none" : caller.department();
            query.addCriteria(new Criteria().orOperator(Criteria.where("consumer").is(dept),
                    Criteria.where("provider").is(dept)));
        }
        if (consumer != null && !consumer.isBlank()) {
            query.addCriteria(Criteria.where("consumer").is(consumer));
        }
        if (resourceId != null && !resourceId.isBlank()) {
            query.addCriteria(Criteria.where("resourceId").is(resourceId));
        }
        if (status != null && !status.isBlank()) {
            query.addCriteria(Criteria.where("status").is(status));
        }
        return mongo.find(query, Agreement.class).map(AgreementView::of);
    }

    Mono<AgreementView> find(Caller caller, String id) {
        return mongo.findById(id, Agreement.class)
                .filter(a -> seesAll(caller) || a.consumer().equals(caller.department())
                        || a.provider().equals(caller.department()))
                .map(AgreementView::of);
    }

    private static boolean seesAll(Caller caller) {
        return caller.hasRole(Roles.HUB_ADMIN) || caller.hasRole(Roles.AUDIT_READ);
    }
}
