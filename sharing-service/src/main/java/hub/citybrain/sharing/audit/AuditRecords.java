package hub.citybrain.sharing.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Function;

import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import hub.citybrain.events.AccessRecorded;
import hub.citybrain.events.AgreementChanged;
import hub.citybrain.events.DepartmentChanged;
import hub.citybrain.sharing.access.SubjectKeyHasher;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Reads the audit log for the API: filtered, newest first, one page at a time. */
@Component
class AuditRecords {

    private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc(AuditEntry.OCCURRED_AT),
            Sort.Order.desc(AuditEntry.SEQ));

    private final ReactiveMongoTemplate mongo;
    private final SubjectKeyHasher hasher;
    private final JsonMapper json;

    AuditRecords(ReactiveMongoTemplate mongo, SubjectKeyHasher hasher, JsonMapper json) {
        this.mongo = mongo;
        this.hasher = hasher;
        this.json = json;
    }

    Mono<Paging.Page<AuditRecordView>> search(AuditSearch search) {
        List<Criteria> filters = new ArrayList<>();
        if (search.kind() != null) {
            filters.add(Criteria.where(AuditEntry.KIND).is(search.kind()));
        }
        if (search.consumer() != null) {
            filters.add(Criteria.where("access.consumer").is(search.consumer()));
        }
        if (search.subjectType() != null) {
            filters.add(subject(search.subjectType(), search.subjectKey()));
        }
        if (search.purpose() != null) {
            filters.add(Criteria.where("access.purpose").is(search.purpose()));
        }
        if (search.outcome() != null) {
            filters.add(Criteria.where("access.outcome").is(search.outcome()));
        }
        if (search.from() != null) {
            filters.add(Criteria.where(AuditEntry.OCCURRED_AT).gte(Date.from(search.from())));
        }
        if (search.to() != null) {
            filters.add(Criteria.where(AuditEntry.OCCURRED_AT).lt(Date.from(search.to())));
        }
        Criteria all = filters.isEmpty() ? new Criteria() : new Criteria().andOperator(filters);
        return page(all, search.paging(), this::view);
    }

    Mono<Paging.Page<SubjectAccess>> subjectLog(String subjectType, String subjectKey, String outcome,
            Paging paging) {
        List<Criteria> filters = new ArrayList<>(List.of(
                Criteria.where(AuditEntry.KIND).is(AuditEntry.Kind.ACCESS.name()), subject(subjectType, subjectKey)));
        if (outcome != null) {
            filters.add(Criteria.where("access.outcome").is(outcome));
        }
        Criteria ofSubject = new Criteria().andOperator(filters);
        return page(ofSubject, paging, this::subjectAccess);
    }

    private Criteria subject(String subjectType, String subjectKey) {
        return Criteria.where("access.subjectType").is(subjectType)
                .and("access.subjectKeyHash").is(hasher.hash(subjectType, subjectKey));
    }

    private <T> Mono<Paging.Page<T>> page(Criteria criteria, Paging paging, Function<Document, T> view) {
        Query query = Query.query(criteria).with(NEWEST_FIRST).skip(paging.skip()).limit(paging.size());
        return Mono.zip(
                mongo.find(query, Document.class, AuditChain.COLLECTION).map(view).collectList(),
                mongo.count(Query.query(criteria), AuditChain.COLLECTION))
                .map(found -> paging.page(found.getT1(), found.getT2()));
    }

    private AuditRecordView view(Document entry) {
        return new AuditRecordView(entry.get(AuditEntry.SEQ, Number.class).longValue(), entry.getString(AuditEntry.KIND),
                instant(entry, AuditEntry.OCCURRED_AT), instant(entry, AuditEntry.RECORDED_AT),
                entry.getString("eventId"), entry.getString("eventType"),
                payload(entry, "access", AccessRecorded.Access.class),
                payload(entry, "agreement", AgreementChanged.Agreement.class),
                payload(entry, "department", DepartmentChanged.Department.class),
                entry.getString(AuditEntry.PREV_HASH), entry.getString(ChainHash.HASH_FIELD));
    }

    private SubjectAccess subjectAccess(Document entry) {
        AccessRecorded.Access access = payload(entry, "access", AccessRecorded.Access.class);
        return new SubjectAccess(access.answeredAt(), access.consumer(), access.consumerLevel(), access.fieldsGiven(),
                access.purpose(), access.outcome(), access.refusalReason(), access.queryId());
    }

    private <T> T payload(Document entry, String field, Class<T> type) {
        Object payload = entry.get(field);
        return payload == null ? null : json.convertValue(payload, type);
    }

    private static Instant instant(Document entry, String field) {
        Date date = entry.getDate(field);
        return date == null ? null : date.toInstant();
    }
}
