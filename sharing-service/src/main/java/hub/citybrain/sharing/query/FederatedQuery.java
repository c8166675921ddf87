package hub.citybrain.sharing.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;

import hub.citybrain.events.AccessRecorded;
import hub.citybrain.identity.Caller;
import hub.citybrain.sharing.SharingProperties;
import hub.citybrain.sharing.access.AccessLog;
import hub.citybrain.sharing.access.CallerAdmission;
import hub.citybrain.sharing.access.RefusalReason;
import hub.citybrain.sharing.access.SubjectKeyHasher;
import hub.citybrain.sharing.quota.DailyQuota;
import hub.citybrain.support.web.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One query: plan (agreements decide what may be asked), call every source at once, merge with provenance,
 * make the access record durable, and only then answer. A refused query (the caller may not query, a quota is used
 * up, every field is denied) is recorded too, before its refusal leaves.
 */
@Service
class FederatedQuery {

    /** Refused queries and batch lines, by reason (collection checks are not queries and are not counted). */
    static final String REFUSED = "citybrain.query.refused";

    private final SourcePlanner planner;
    private final FactCache facts;
    private final AccessLog accessLog;
    private final SubjectKeyHasher hasher;
    private final SharingProperties properties;
    private final DailyQuota quota;
    private final MeterRegistry meters;
    private final CallerAdmission admission;

    FederatedQuery(SourcePlanner planner, FactCache facts, AccessLog accessLog, SubjectKeyHasher hasher,
            SharingProperties properties, DailyQuota quota, MeterRegistry meters, CallerAdmission admission) {
        this.admission = admission;
        this.quota = quota;
        this.meters = meters;
        this.planner = planner;
        this.facts = facts;
        this.accessLog = accessLog;
        this.hasher = hasher;
        this.properties = properties;
    }

    Mono<QueryAnswer> answer(Caller caller, QueryRequest request) {
        if (request.fields().size() > properties.maxFields()) {
            return Mono.error(ApiException.badRequest("TOO_MANY_FIELDS",
                    "A query may ask for at most " + properties.maxFields() + " fields."));
        }
        String queryId = UUID.randomUUID().toString();
        String subjectHash = hasher.hash(request.subjectType(), request.subjectKey());
        ApiException refused = admission.refusal(caller);
        if (refused != null) {
            return refuse(AccessLog.refusal(queryId, Instant.now(), caller, AccessRecorded.Access.QUERY,
                    request.subjectType(), subjectHash, request.purpose(), request.fields(),
                    RefusalReason.ofCode(refused.code())), refused);
        }
        Plan plan = planner.plan(caller.department(), request.subjectType(), request.fields(),
                request.purpose(), Instant.now());
        plan.denied().forEach(d -> meters.counter("citybrain.query.denied", "reason", d.reason().name()).increment());

        // Quota is counted after planning and before any source call: a query refused for quota (429) calls no
        // source, and its refusal is recorded (with what the plan would have drawn on) before it leaves.
        // Sources that answered before the overall deadline keep their answers; the rest count as TIMEOUT.
        return quota.use(plan.agreementIds())
                .onErrorResume(e -> e instanceof ApiException over
                        && RefusalReason.ofCode(over.code()) == RefusalReason.QUOTA_EXCEEDED,
                        e -> refuse(accessOf(caller, request, subjectHash, plan,
                                new QueryAnswer(queryId, request.subjectType(), request.purpose(), Instant.now(),
                                        Map.of(), deniedOf(plan), List.of()),
                                RefusalReason.QUOTA_EXCEEDED), e).then())
                .thenMany(Flux.fromIterable(plan.calls()))
                .flatMap(call -> facts.fetch(call, request.subjectKey(), subjectHash), properties.fanOutConcurrency())
                .take(properties.queryDeadline())
                .collectList()
                .map(results -> withTimeouts(plan, results))
                .map(results -> merge(queryId, request, plan, results))
                .flatMap(answer -> {
                    RefusalReason refusedAll = allDenied(answer) ? RefusalReason.ALL_FIELDS_DENIED : null;
                    if (refusedAll != null) {
                        meters.counter(REFUSED, "reason", refusedAll.name()).increment();
                    }
                    return accessLog.record(accessOf(caller, request, subjectHash, plan, answer, refusedAll))
                            .thenReturn(answer);
                });
    }

    /** Why this caller may not query at all, or null (the batch asks once for all its lines). */
    ApiException refusal(Caller caller) {
        return admission.refusal(caller);
    }

    /** Records the refused attempt; only once it is durable does the refusal leave. */
    <T> Mono<T> refuse(AccessRecorded.Access access, Throwable refusal) {
        meters.counter(REFUSED, "reason", access.refusalReason()).increment();
        return accessLog.record(access).then(Mono.error(refusal));
    }

    /**
     * Every field asked was denied, so nothing was looked up: the hub counts that as a refused query (the answer
     * itself is still a 200 listing each denial and its reason).
     */
    private static boolean allDenied(QueryAnswer answer) {
        return answer.fields().isEmpty() && answer.unavailable().isEmpty() && !answer.denied().isEmpty();
    }

    private static List<SourceResult> withTimeouts(Plan plan, List<SourceResult> finished) {
        if (finished.size() == plan.calls().size()) {
            return finished;
        }
        List<SourceResult> all = new ArrayList<>(finished);
        plan.calls().stream()
                .filter(call -> finished.stream().noneMatch(r -> r.call() == call))
                .forEach(call -> all.add(SourceResult.failed(call, UnavailableReason.TIMEOUT)));
        return all;
    }

    private static QueryAnswer merge(String queryId, QueryRequest request, Plan plan, List<SourceResult> results) {
        Map<String, QueryAnswer.FieldValue> given = new LinkedHashMap<>();
        List<QueryAnswer.Unavailable> unavailable = new ArrayList<>();
        Map<String, SourceResult> byField = new LinkedHashMap<>();
        results.forEach(r -> r.fields().forEach(f -> byField.put(f, r)));
        // Keep the caller's field order in the answer.
        for (String field : request.fields()) {
            SourceResult result = byField.get(field);
            if (result == null || given.containsKey(field)) {
                continue;
            }
            var resource = result.call().resource();
            if (result.succeeded()) {
                given.put(field, new QueryAnswer.FieldValue(result.values().get(field),
                        new QueryAnswer.Source(resource.id(), resource.holder(), resource.holderLevel()),
                        result.collectedAt(), result.cached()));
            } else if (unavailable.stream().noneMatch(u -> u.field().equals(field))) {
                unavailable.add(new QueryAnswer.Unavailable(field, resource.id(), result.failure()));
            }
        }
        return new QueryAnswer(queryId, request.subjectType(), request.purpose(), Instant.now(), given,
                deniedOf(plan), unavailable);
    }

    private static List<QueryAnswer.Denied> deniedOf(Plan plan) {
        return plan.denied().stream().map(d -> new QueryAnswer.Denied(d.field(), d.reason())).toList();
    }

    private AccessRecorded.Access accessOf(Caller caller, QueryRequest request, String subjectHash, Plan plan,
            QueryAnswer answer, RefusalReason refused) {
        List<String> agreementIds = plan.calls().stream().flatMap(c -> c.agreementIds().stream()).distinct().toList();
        // DENIED (every field denied) is no longer written: such a query is REFUSED, ALL_FIELDS_DENIED
        String outcome = refused != null ? AccessRecorded.Access.REFUSED
                : answer.fields().isEmpty() ? "UNAVAILABLE"
                : answer.denied().isEmpty() && answer.unavailable().isEmpty() ? "ANSWERED" : "PARTIAL";
        return new AccessRecorded.Access(answer.queryId(), answer.answeredAt(), caller.department(),
                caller.level() == null ? null : caller.level().name(), caller.region(), caller.clientId(),
                caller.name(), request.subjectType(), subjectHash,
                request.purpose(), List.copyOf(new java.util.LinkedHashSet<>(request.fields())),
                List.copyOf(answer.fields().keySet()),
                answer.denied().stream().map(d -> new AccessRecorded.Denial(d.field(), d.reason().name())).toList(),
                answer.unavailable().stream().map(u -> new AccessRecorded.Unavailability(u.field(), u.source(),
                        u.reason().name())).toList(),
                agreementIds, outcome, refused == null ? null : refused.name(), AccessRecorded.Access.QUERY);
    }
}
