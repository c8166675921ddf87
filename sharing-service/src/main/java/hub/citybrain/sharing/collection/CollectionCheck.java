package hub.citybrain.sharing.collection;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Service;

import hub.citybrain.events.AccessRecorded;
import hub.citybrain.events.AgreementChanged;
import hub.citybrain.events.ResourceChanged;
import hub.citybrain.identity.Caller;
import hub.citybrain.sharing.access.AccessLog;
import hub.citybrain.sharing.access.CallerAdmission;
import hub.citybrain.sharing.collection.CollectionCheckAnswer.Access;
import hub.citybrain.sharing.collection.CollectionCheckAnswer.AgreementHint;
import hub.citybrain.sharing.collection.CollectionCheckAnswer.FieldOutcome;
import hub.citybrain.sharing.collection.CollectionCheckAnswer.Source;
import hub.citybrain.sharing.collection.CollectionCheckAnswer.Status;
import hub.citybrain.sharing.collection.CollectionCheckAnswer.Verdict;
import hub.citybrain.sharing.policy.PolicyView;
import hub.citybrain.sharing.query.SourcePlanner;
import reactor.core.publisher.Mono;

/**
 * Check before you collect (先查后采): before a department sends a form down to the villages, the hub says which of
 * its columns a source already holds and shares, and what the department must do to read them. Each field is judged
 * exactly as a query would be (the same source, the same "in force for this purpose" rule), so a HELD + AGREED field
 * is one a query made for the form's purpose answers today.
 *
 * <p>The check is recorded (with what it saved) before the answer leaves, so the burden figures count every answer
 * a department has seen.
 */
@Service
class CollectionCheck {

    /** What an agreement request needs besides what the check already knows. */
    private static final List<String> STILL_NEEDED = List.of("purpose.text", "legalBasis", "validFrom", "validUntil",
            "dailyQuota");

    private final PolicyView policy;
    private final SourcePlanner planner;
    private final ReactiveMongoTemplate mongo;
    private final CallerAdmission admission;
    private final Clock clock;

    @Autowired
    CollectionCheck(PolicyView policy, SourcePlanner planner, ReactiveMongoTemplate mongo, CallerAdmission admission) {
        this(policy, planner, mongo, admission, Clock.systemUTC());
    }

    CollectionCheck(PolicyView policy, SourcePlanner planner, ReactiveMongoTemplate mongo, CallerAdmission admission,
            Clock clock) {
        this.policy = policy;
        this.planner = planner;
        this.mongo = mongo;
        this.admission = admission;
        this.clock = clock;
    }

    /**
     * The caller is admitted first (role {@code dept:query}, a department not deactivated); a refused check is
     * recorded as an access record (operation {@code COLLECTION_CHECK}, no subject, the form's labels as the fields
     * asked), which is what reaches the audit log. An answered check is kept as a {@link CheckRecord}.
     */
    Mono<CollectionCheckAnswer> check(Caller caller, CollectionCheckRequest request) {
        return admission.admit(caller, reason -> AccessLog.refusal(UUID.randomUUID().toString(), clock.instant(),
                        caller, AccessRecorded.Access.COLLECTION_CHECK, request.subjectType(), null, request.purpose(),
                        request.fields(), reason))
                .then(Mono.defer(() -> answer(caller, request)));
    }

    /** An admitted caller acts for a department: the one the check is recorded for. */
    private Mono<CollectionCheckAnswer> answer(Caller caller, CollectionCheckRequest request) {
        CollectionCheckAnswer answer = judge(caller.department(), request, clock.instant());
        return mongo.insert(recordOf(caller, request, answer)).thenReturn(answer);
    }

    /** The pure part: no I/O, so every outcome can be tested without a running service. */
    CollectionCheckAnswer judge(String consumer, CollectionCheckRequest request, Instant now) {
        FieldLabels labels = FieldLabels.of(policy.resources(), request.subjectType());
        List<FieldOutcome> outcomes = request.fields().stream()
                .map(label -> outcome(consumer, request.subjectType(), request.purpose(), label, labels.match(label),
                        now))
                .toList();
        return new CollectionCheckAnswer(UUID.randomUUID().toString(), now, request.subjectType(), request.subjects(),
                request.purpose(), outcomes, verdict(outcomes, request));
    }

    private FieldOutcome outcome(String consumer, String subjectType, String purpose, String label,
            FieldLabels.Match match, Instant now) {
        if (match.isSubjectKey()) {
            return new FieldOutcome(label, Status.SUBJECT_KEY, match.subjectKey(), null, null, null, null);
        }
        if (match.fields().size() > 1) {
            return new FieldOutcome(label, Status.AMBIGUOUS, null, null, null, null, match.fields());
        }
        Optional<ResourceChanged.Resource> held = match.fields().stream().findFirst()
                .flatMap(field -> planner.authoritativeSource(subjectType, field));
        if (held.isEmpty()) {
            return new FieldOutcome(label, Status.NEW, null, null, null, null, null);
        }
        ResourceChanged.Resource resource = held.get();
        String name = match.fields().get(0);
        ResourceChanged.Field field = resource.fields().stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow();
        Source source = new Source(resource.id(), resource.holder(), resource.holderLevel(), field.authoritative());
        if ("NOT_SHARED".equals(field.sharing())) {
            return new FieldOutcome(label, Status.NOT_SHARED, name, source, null, null, null);
        }
        // AGREED only under the form's purpose: an agreement made for another purpose would not answer the queries
        // this collection stands for, so the hint asks for one for this purpose.
        Optional<AgreementChanged.Agreement> agreed = planner.agreementFor(consumer, resource.id(), name, purpose, now);
        Access access = agreed.isPresent() ? Access.AGREED
                : "UNCONDITIONAL".equals(field.sharing()) ? Access.UNCONDITIONAL : Access.CONDITIONAL;
        return new FieldOutcome(label, Status.HELD, name, source, access,
                agreed.map(AgreementChanged.Agreement::id).orElse(null), null);
    }

    /** Two labels for one field (姓名 and name) save it once. */
    private static Verdict verdict(List<FieldOutcome> outcomes, CollectionCheckRequest request) {
        Set<String> held = new LinkedHashSet<>();
        List<String> toCollect = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        Map<String, List<FieldOutcome>> toRequest = new LinkedHashMap<>();
        for (FieldOutcome o : outcomes) {
            switch (o.status()) {
                case HELD -> {
                    if (held.add(o.field()) && o.access() != Access.AGREED) {
                        toRequest.computeIfAbsent(o.source().resource(), r -> new ArrayList<>()).add(o);
                    }
                }
                case NEW, NOT_SHARED -> toCollect.add(o.label());
                case AMBIGUOUS -> unresolved.add(o.label());
                case SUBJECT_KEY -> {
                    // names the subject; neither saved nor collected anew
                }
            }
        }
        List<AgreementHint> hints = toRequest.entrySet().stream()
                .map(e -> hint(e.getKey(), e.getValue(), request.purpose()))
                .toList();
        return new Verdict(held.size(), (long) held.size() * request.subjects(), List.copyOf(toCollect),
                (long) toCollect.size() * request.subjects(), List.copyOf(unresolved), hints);
    }

    private static AgreementHint hint(String resourceId, List<FieldOutcome> fields, String purpose) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("resourceId", resourceId);
        body.put("fields", fields.stream().map(FieldOutcome::field).toList());
        body.put("purpose", Map.of("code", purpose));
        boolean atOnce = fields.stream().allMatch(f -> f.access() == Access.UNCONDITIONAL);
        return new AgreementHint("POST", "/api/v1/agreements", fields.get(0).source().department(), atOnce, body,
                STILL_NEEDED);
    }

    private static CheckRecord recordOf(Caller caller, CollectionCheckRequest request, CollectionCheckAnswer answer) {
        List<String> heldFields = answer.fields().stream().filter(o -> o.status() == Status.HELD)
                .map(FieldOutcome::field).distinct().toList();
        return new CheckRecord(answer.checkId(), answer.checkedAt(), caller.department(),
                caller.level() == null ? null : caller.level().name(), caller.region(), caller.clientId(),
                request.subjectType(), request.purpose(), request.subjects(), request.fields(), heldFields,
                answer.verdict().toCollect(), answer.verdict().fieldsSaved());
    }
}
