package hub.citybrain.registry.agreement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import hub.citybrain.events.AgreementChanged;
import hub.citybrain.events.Topics;
import hub.citybrain.support.web.ApiException;
import hub.citybrain.identity.Caller;
import hub.citybrain.identity.Roles;
import hub.citybrain.registry.agreement.AgreementLifecycle.Action;
import hub.citybrain.registry.agreement.AgreementLifecycle.Status;
import hub.citybrain.registry.catalog.Catalog;
import hub.citybrain.registry.department.DepartmentDirectory;
import hub.citybrain.registry.outbox.EventOutbox;
import hub.citybrain.registry.search.Filters;
import hub.citybrain.registry.outbox.PendingEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Data-sharing agreements: who may read which fields of which resource, for what purpose, until when.
 *
 * <p>Every change is one single-document conditional update ({@code _id} and the expected {@code version}) that
 * sets the status, bumps the version, appends the transition to {@code history} and the event to
 * {@code pendingEvents}: the state and its event cannot part, and of two concurrent changes only one wins, without
 * multi-document transactions (which the embedded store does not have).
 */
@Service
class Agreements {

    /** Who the history names for what the hub does by itself (automatic grant, expiry). */
    static final String HUB = "hub";
    static final String AUTO_GRANT_REASON = "all fields unconditional: granted automatically";
    static final String EXPIRY_REASON = "validity ended";

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

    /**
     * A consumer asks for fields of a resource. Unconditionally shared fields are granted at once; any conditional
     * field makes it a request the provider answers within {@link AgreementLifecycle#replyBy 5 working days}.
     */
    Mono<AgreementView> request(AgreementRequest request, Caller by) {
        String consumer;
        try {
            consumer = consumerOf(request, by);
        } catch (ApiException e) {
            return Mono.error(e);
        }
        if (!request.validUntil().isAfter(request.validFrom())) {
            return Mono.error(ApiException.badRequest("INVALID_VALIDITY", "validUntil must be after validFrom."));
        }
        List<String> fields = List.copyOf(new LinkedHashSet<>(request.fields()));
        return departments.require(consumer)
                .then(catalog.entry(request.resourceId())
                        .switchIfEmpty(Mono.error(ApiException.unprocessable("UNKNOWN_RESOURCE",
                                "No resource with id " + request.resourceId() + " is in the catalog."))))
                .flatMap(resource -> {
                    boolean allUnconditional = true;
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
                        allUnconditional &= "UNCONDITIONAL".equals(sharing);
                    }
                    return insert(request, consumer, fields, resource.holder(), allUnconditional, by);
                })
                .map(AgreementView::of);
    }

    /** The caller's own department; a hub administrator may act on behalf of a named one. */
    private static String consumerOf(AgreementRequest request, Caller by) {
        String named = request.consumer() == null || request.consumer().isBlank() ? null : request.consumer();
        if (by.hasRole(Roles.HUB_ADMIN)) {
            String consumer = named != null ? named : by.department();
            if (consumer == null || consumer.isBlank()) {
                throw ApiException.badRequest("CONSUMER_REQUIRED",
                        "Name the consumer department this agreement is requested for.");
            }
            return consumer;
        }
        if (!by.actsForDepartment()) {
            throw forbidden("The token does not act for a department.");
        }
        if (named != null && !named.equals(by.department())) {
            throw forbidden("A department requests agreements for itself only, not for " + named + ".");
        }
        return by.department();
    }

    private Mono<Agreement> insert(AgreementRequest request, String consumer, List<String> fields, String provider,
            boolean grantAtOnce, Caller by) {
        String id = request.id() != null ? request.id() : "agr-" + UUID.randomUUID();
        Instant now = Instant.now();
        List<Agreement.Transition> history = new ArrayList<>();
        history.add(new Agreement.Transition(null, Status.REQUESTED.name(), now, by.name(), by.department(), null));
        Status status = Status.REQUESTED;
        Instant replyBy = AgreementLifecycle.replyBy(now);
        if (grantAtOnce) {
            status = AgreementLifecycle.next(Status.REQUESTED, Action.APPROVE);
            replyBy = null;
            history.add(new Agreement.Transition(Status.REQUESTED.name(), status.name(), now, HUB, null,
                    AUTO_GRANT_REASON));
        }
        Agreement draft = new Agreement(id, consumer, request.resourceId(), provider, fields,
                request.purpose().code(), request.purpose().text(), request.legalBasis(), request.validFrom(),
                request.validUntil(), request.dailyQuota(), status.name(), 1, replyBy, history, now, List.of());
        Agreement doc = withEvents(draft, List.of(event(draft)));
        return outbox.stored(mongo.insert(doc)).onErrorMap(DuplicateKeyException.class,
                e -> ApiException.conflict("AGREEMENT_EXISTS", "An agreement with id " + id + " already exists."));
    }

    /**
     * approve, reject, suspend, resume or revoke, by a hub administrator or by the provider of the resource. One
     * lost race is retried against the fresh state (which may now refuse the action); a second gives 409.
     */
    Mono<AgreementView> transition(String id, Action action, String reason, Caller by) {
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        if (action.reasonRequired() && why == null) {
            return Mono.error(ApiException.badRequest("REASON_REQUIRED",
                    "Say why: " + action + " needs a non-blank reason."));
        }
        Mono<Agreement> attempt = Mono.defer(() -> mongo.findById(id, Agreement.class)
                .filter(a -> visible(a, by))
                .switchIfEmpty(Mono.error(() -> notFound(id)))
                .flatMap(a -> {
                    if (!decides(a, by)) {
                        return Mono.error(forbidden("Only the provider of " + a.resourceId() + " (" + a.provider()
                                + ") or a hub administrator may " + action.name().toLowerCase() + " this agreement."));
                    }
                    return apply(a, action, by.name(), by.department(), why);
                }));
        return attempt.switchIfEmpty(attempt)
                .switchIfEmpty(Mono.error(() -> ApiException.conflict("CONCURRENT_MODIFICATION",
                        "Agreement " + id + " was changed by someone else at the same time; read it and try again.")))
                .map(AgreementView::of);
    }

    /**
     * Moves every ACTIVE or SUSPENDED agreement whose validity ended to EXPIRED. A lost race is left to the next
     * sweep (the agreement changed meanwhile; if it is still due, it is expired then).
     */
    Mono<Long> expireDue(Instant now) {
        Query due = Query.query(Criteria.where("status").in(Status.ACTIVE.name(), Status.SUSPENDED.name())
                .and("validUntil").lte(now));
        return mongo.find(due, Agreement.class)
                .concatMap(a -> apply(a, Action.EXPIRE, HUB, null, EXPIRY_REASON)
                        .onErrorResume(ApiException.class, e -> Mono.empty()))
                .count();
    }

    /** The conditional single-document update; empty if the agreement changed since {@code current} was read. */
    private Mono<Agreement> apply(Agreement current, Action action, String by, String byDepartment, String reason) {
        return Mono.defer(() -> {
            Status from = Status.valueOf(current.status());
            Status to = AgreementLifecycle.next(from, action);
            Instant now = Instant.now();
            Agreement changed = new Agreement(current.id(), current.consumer(), current.resourceId(),
                    current.provider(), current.fields(), current.purposeCode(), current.purposeText(),
                    current.legalBasis(), current.validFrom(), current.validUntil(), current.dailyQuota(), to.name(),
                    current.version() + 1, current.replyBy(), current.history(), current.createdAt(), List.of());
            Query expected = Query.query(Criteria.where("_id").is(current.id())
                    .and("version").is(current.version())
                    .and("status").is(current.status()));
            Update update = new Update()
                    .set("status", to.name())
                    .inc("version", 1)
                    .push("history", new Agreement.Transition(from.name(), to.name(), now, by, byDepartment, reason))
                    .push("pendingEvents", event(changed));
            return outbox.stored(mongo.findAndModify(expected, update, FindAndModifyOptions.options().returnNew(true),
                    Agreement.class));
        });
    }

    private PendingEvent event(Agreement a) {
        var state = new AgreementChanged.Agreement(a.id(), a.consumer(), a.resourceId(), a.provider(), a.fields(),
                a.purposeCode(), a.purposeText(), a.legalBasis(), a.validFrom(), a.validUntil(), a.dailyQuota(),
                a.status(), a.version(), a.replyBy());
        return outbox.pending(Topics.REGISTRY_AGREEMENTS, a.id(), AgreementChanged.TYPE,
                stamp -> AgreementChanged.of(stamp.eventId(), stamp.occurredAt(), state));
    }

    private static Agreement withEvents(Agreement a, List<PendingEvent> events) {
        return new Agreement(a.id(), a.consumer(), a.resourceId(), a.provider(), a.fields(), a.purposeCode(),
                a.purposeText(), a.legalBasis(), a.validFrom(), a.validUntil(), a.dailyQuota(), a.status(),
                a.version(), a.replyBy(), a.history(), a.createdAt(), events);
    }

    /** Admins and auditors see every agreement; a department sees those it consumes or provides. */
    Flux<AgreementView> list(Caller caller, String consumer, String provider, String resourceId, String status) {
        Filters filters = new Filters();
        if (!seesAll(caller)) {
            String dept = caller.department() == null ? "\u0000none" : caller.department();
            filters.and(new Criteria().orOperator(Criteria.where("consumer").is(dept),
                    Criteria.where("provider").is(dept)));
        }
        Query query = filters.equal("consumer", consumer).equal("provider", provider)
                .equal("resourceId", resourceId).equal("status", status).query();
        return mongo.find(query, Agreement.class).map(AgreementView::of);
    }

    Mono<AgreementView> find(Caller caller, String id) {
        return mongo.findById(id, Agreement.class)
                .filter(a -> visible(a, caller))
                .map(AgreementView::of);
    }

    private static boolean visible(Agreement a, Caller caller) {
        return seesAll(caller) || a.consumer().equals(caller.department()) || a.provider().equals(caller.department());
    }

    /** The relation half of "provider or admin"; the role half is the controller's {@code @PreAuthorize}. */
    private static boolean decides(Agreement a, Caller caller) {
        return caller.hasRole(Roles.HUB_ADMIN)
                || (caller.hasRole(Roles.PROVIDE) && a.provider().equals(caller.department()));
    }

    private static boolean seesAll(Caller caller) {
        return caller.hasRole(Roles.HUB_ADMIN) || caller.hasRole(Roles.AUDIT_READ);
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("AGREEMENT_NOT_FOUND", "No agreement with id " + id + ".");
    }

    private static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN", detail);
    }
}
