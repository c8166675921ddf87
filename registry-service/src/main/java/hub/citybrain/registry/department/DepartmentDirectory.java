package hub.citybrain.registry.department;

import java.time.Instant;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import hub.citybrain.events.DepartmentChanged;
import hub.citybrain.events.Topics;
import hub.citybrain.identity.Caller;
import hub.citybrain.registry.outbox.EventOutbox;
import hub.citybrain.identity.ApiException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Departments known to the hub. Other features look departments up here. */
@Service
public class DepartmentDirectory {

    private final ReactiveMongoTemplate mongo;
    private final EventOutbox outbox;

    DepartmentDirectory(ReactiveMongoTemplate mongo, EventOutbox outbox) {
        this.mongo = mongo;
        this.outbox = outbox;
    }

    Mono<DepartmentView> register(DepartmentRequest request, Caller by) {
        var state = new DepartmentChanged.Department(request.code(), request.name().zh(), request.name().en(),
                request.level().name(), request.region(), request.kind().name(), "ACTIVE", 1);
        var event = outbox.pending(Topics.REGISTRY_DEPARTMENTS, request.code(), DepartmentChanged.TYPE,
                stamp -> DepartmentChanged.of(stamp.eventId(), stamp.occurredAt(), state));
        Department doc = new Department(state.code(), state.nameZh(), state.nameEn(), state.level(),
                state.region(), state.kind(), state.status(), state.version(), Instant.now(), by.name(),
                List.of(event));
        return mongo.insert(doc)
                .map(DepartmentView::of)
                .onErrorMap(DuplicateKeyException.class, e -> ApiException.conflict("DEPARTMENT_EXISTS",
                        "A department with code " + request.code() + " is already registered."));
    }

    public Mono<DepartmentView> find(String code) {
        return mongo.findById(code, Department.class).map(DepartmentView::of);
    }

    public Mono<DepartmentView> require(String code) {
        return find(code).switchIfEmpty(Mono.error(ApiException.unprocessable("UNKNOWN_DEPARTMENT",
                "No department with code " + code + " is registered.")));
    }

    Flux<DepartmentView> list(String level) {
        Query query = new Query().with(Sort.by("_id"));
        if (level != null && !level.isBlank()) {
            query.addCriteria(Criteria.where("level").is(level));
        }
        return mongo.find(query, Department.class).map(DepartmentView::of);
    }
}
