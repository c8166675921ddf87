package hub.citybrain.registry.department;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import hub.citybrain.events.DepartmentChanged;
import hub.citybrain.events.Topics;
import hub.citybrain.support.web.ApiException;
import hub.citybrain.identity.Caller;
import hub.citybrain.identity.Level;
import hub.citybrain.identity.Roles;
import hub.citybrain.registry.department.DepartmentClients.ClientSpec;
import hub.citybrain.registry.department.DepartmentClients.Outcome;
import hub.citybrain.registry.department.DepartmentClients.Provisioned;
import hub.citybrain.registry.department.DepartmentRequest.Kind;
import hub.citybrain.registry.outbox.EventOutbox;
import hub.citybrain.registry.search.Filters;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Departments known to the hub, and their clients at the identity provider. Other features look departments up
 * here.
 *
 * <p>Onboarding talks to the identity provider first and stores the department only once its client is in
 * place, so a failure leaves nothing half-made: no document, no event, and (the port's promise) no new client.
 * A retry simply starts again. Status changes likewise switch the client first and then write the document, so
 * a failed write can be retried and the client is switched back.
 */
@Service
public class DepartmentDirectory {

    private static final Logger log = LoggerFactory.getLogger(DepartmentDirectory.class);

    private final ReactiveMongoTemplate mongo;
    private final EventOutbox outbox;
    private final DepartmentClients clients;

    DepartmentDirectory(ReactiveMongoTemplate mongo, EventOutbox outbox, DepartmentClients clients) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.clients = clients;
    }

    Mono<RegisteredDepartment> register(DepartmentRequest request, Caller by) {
        String code = request.code();
        return mongo.exists(Query.query(Criteria.where("_id").is(code)), Department.class)
                .flatMap(known -> known ? Mono.error(alreadyRegistered(code))
                        : clients.provision(spec(request)).onErrorMap(e -> !(e instanceof ApiException),
                                e -> unavailable("create the client of " + code, e)))
                .flatMap(provisioned -> insert(request, by)
                        .onErrorResume(e -> undoCreation(code, provisioned, e))
                        .map(view -> {
                            log.info("Department {} registered by {}; client {}", code, by.name(),
                                    provisioned.outcome());
                            return RegisteredDepartment.of(view, provisioned);
                        }));
    }

    private Mono<DepartmentView> insert(DepartmentRequest request, Caller by) {
        var state = new DepartmentChanged.Department(request.code(), request.name().zh(), request.name().en(),
                request.level().name(), request.region(), request.kind().name(), Status.ACTIVE.name(), 1);
        var event = outbox.pending(Topics.REGISTRY_DEPARTMENTS, request.code(), DepartmentChanged.TYPE,
                stamp -> DepartmentChanged.of(stamp.eventId(), stamp.occurredAt(), state));
        Department doc = new Department(state.code(), state.nameZh(), state.nameEn(), state.level(),
                state.region(), state.kind(), state.status(), state.version(), Instant.now(), by.name(),
                List.of(event), List.of());
        return outbox.stored(mongo.insert(doc))
                .map(DepartmentView::of)
                .onErrorMap(DuplicateKeyException.class, e -> alreadyRegistered(request.code()));
    }

    /** A client created for a department that could not be stored goes again, unless a rival registration won. */
    private Mono<DepartmentView> undoCreation(String code, Provisioned provisioned, Throwable failure) {
        boolean rivalWon = failure instanceof ApiException api && api.status() == HttpStatus.CONFLICT;
        if (provisioned.outcome() != Outcome.CREATED || rivalWon) {
            return Mono.error(failure);
        }
        return clients.discard(code)
                .onErrorResume(e -> Mono.empty())
                .then(Mono.error(failure));
    }

    static ClientSpec spec(DepartmentRequest request) {
        Set<String> roles = new LinkedHashSet<>();
        if (request.kind() == Kind.CONSUMER || request.kind() == Kind.BOTH) {
            roles.add(Roles.QUERY);
        }
        if (request.kind() == Kind.PROVIDER || request.kind() == Kind.BOTH) {
            roles.add(Roles.PROVIDE);
        }
        return new ClientSpec(request.code(), request.name().zh() + " / " + request.name().en(),
                request.level().name(), request.region(), roles);
    }

    /** ACTIVE <-> INACTIVE: the client is enabled or disabled, then the document changes with its event. */
    Mono<DepartmentView> changeStatus(String code, Status to, Caller by) {
        return mongo.findById(code, Department.class)
                .switchIfEmpty(Mono.error(ApiException.notFound("DEPARTMENT_NOT_FOUND",
                        "No department with code " + code + ".")))
                .flatMap(doc -> {
                    if (to.name().equals(doc.status())) {
                        return Mono.error(ApiException.conflict("ILLEGAL_TRANSITION",
                                "Department " + code + " is already " + to + "."));
                    }
                    return clients.setEnabled(code, to == Status.ACTIVE)
                            .onErrorMap(e -> unavailable((to == Status.ACTIVE ? "enable" : "disable")
                                    + " the client of " + code, e))
                            .defaultIfEmpty(false)
                            .flatMap(found -> !found && to == Status.ACTIVE
                                    ? Mono.error(ApiException.conflict("IDENTITY_CLIENT_MISSING",
                                            "The identity provider has no client " + code + " to enable."))
                                    : write(doc, to)
                                            .onErrorResume(e -> switchBack(doc, e)));
                })
                .doOnNext(view -> log.info("Department {} set {} by {}", code, to, by.name()));
    }

    private Mono<DepartmentView> write(Department doc, Status to) {
        long next = doc.version() + 1;
        var state = new DepartmentChanged.Department(doc.code(), doc.nameZh(), doc.nameEn(), doc.level(),
                doc.region(), doc.kind(), to.name(), next);
        var event = outbox.pending(Topics.REGISTRY_DEPARTMENTS, doc.code(), DepartmentChanged.TYPE,
                stamp -> DepartmentChanged.of(stamp.eventId(), stamp.occurredAt(), state));
        // one conditional single-document update: the state and its event, or nothing
        Query unchanged = Query.query(Criteria.where("_id").is(doc.code()).and("version").is(doc.version())
                .and("status").is(doc.status()));
        Update update = new Update().set("status", to.name()).set("version", next).push("pendingEvents", event);
        return outbox.stored(mongo.findAndModify(unchanged, update, FindAndModifyOptions.options().returnNew(true),
                        Department.class))
                .switchIfEmpty(Mono.error(ApiException.conflict("CONCURRENT_CHANGE",
                        "Department " + doc.code() + " changed meanwhile; read it again and retry.")))
                .map(DepartmentView::of);
    }

    /** The document was not written: put the client back as the stored status says. */
    private Mono<DepartmentView> switchBack(Department before, Throwable failure) {
        return mongo.findById(before.code(), Department.class)
                .defaultIfEmpty(before)
                .flatMap(current -> clients.setEnabled(current.code(), Status.ACTIVE.name().equals(current.status())))
                .onErrorResume(e -> {
                    log.warn("Could not switch the client of {} back: {}", before.code(), e.toString());
                    return Mono.empty();
                })
                .then(Mono.error(failure));
    }

    /**
     * A new client secret for the department, handed out in this answer only; the old one stops obtaining tokens at
     * once. Allowed to a hub admin and to the department itself. The rotation is recorded in the department's
     * document (who, when) after the identity provider made it; a failed recording is a 503 and the caller rotates
     * again, so no rotation goes unrecorded while its secret is in use.
     */
    Mono<RotatedCredentials> rotateCredentials(String code, Caller by) {
        if (!by.hasRole(Roles.HUB_ADMIN) && !code.equals(by.department())) {
            return Mono.error(ApiException.forbidden("NOT_OWN_DEPARTMENT",
                    "Only a hub admin or department " + code + " itself may rotate its credentials."));
        }
        return mongo.exists(Query.query(Criteria.where("_id").is(code)), Department.class)
                .flatMap(known -> known ? clients.rotateSecret(code)
                        .onErrorMap(e -> unavailable("rotate the secret of " + code, e))
                        .switchIfEmpty(Mono.error(ApiException.conflict("IDENTITY_CLIENT_MISSING",
                                "The identity provider has no client " + code + " whose secret could be rotated.")))
                        : Mono.error(ApiException.notFound("DEPARTMENT_NOT_FOUND",
                                "No department with code " + code + ".")))
                .flatMap(secret -> {
                    var rotation = new Department.CredentialRotation(Instant.now(), by.name(), by.department());
                    return mongo.updateFirst(Query.query(Criteria.where("_id").is(code)),
                                    new Update().push("credentialRotations", rotation), Department.class)
                            .onErrorMap(e -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "RECORDING_FAILED",
                                    "The secret of " + code + " was rotated but the rotation could not be recorded;"
                                            + " rotate again."))
                            .doOnNext(done -> log.info("Credentials of department {} rotated by {} at {}", code,
                                    by.name(), rotation.at()))
                            .thenReturn(new RotatedCredentials(code, code, secret, rotation.at(), rotation.by()));
                });
    }

    public Mono<DepartmentView> find(String code) {
        return mongo.findById(code, Department.class).map(DepartmentView::of);
    }

    public Mono<DepartmentView> require(String code) {
        return find(code).switchIfEmpty(Mono.error(ApiException.unprocessable("UNKNOWN_DEPARTMENT",
                "No department with code " + code + " is registered.")));
    }

    /** {@code q} matches the code or either name, case-insensitively; the other filters match exactly. */
    Flux<DepartmentView> search(String q, Level level, Kind kind, Status status) {
        Query query = new Filters().containsAny(q == null ? null : q.trim(), "_id", "nameZh", "nameEn")
                .equal("level", level).equal("kind", kind).equal("status", status)
                .query();
        return mongo.find(query, Department.class).map(DepartmentView::of);
    }

    private static ApiException alreadyRegistered(String code) {
        return ApiException.conflict("DEPARTMENT_EXISTS", "A department with code " + code + " is already registered.");
    }

    private static ApiException unavailable(String what, Throwable cause) {
        // the cause names the call and its status only; secrets never appear in it
        log.warn("Identity provider unavailable, could not {}: {}", what, cause.toString());
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "IDENTITY_PROVIDER_UNAVAILABLE",
                "The identity provider could not " + what + "; nothing was changed. Retry later.");
    }
}
