package hub.citybrain.sharing.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import hub.citybrain.events.AgreementChanged;
import hub.citybrain.events.ResourceChanged;
import hub.citybrain.sharing.policy.PolicyView;

/**
 * Decides, field by field, which source serves it (the authoritative one for the subject type, 一数一源) and
 * whether the caller's department holds an agreement in force that covers it <em>for the query's purpose</em>.
 * Denials are decided here, before any source is called (and before the fact cache is looked at), so a refused
 * field is never fetched nor served from the cache.
 *
 * <p>Purpose binding: an agreement answers only queries whose purpose equals its {@code purposeCode}; data shared
 * for one purpose may not be used for another (政务数据共享条例, GDPR art. 5(1)(b)). A department may hold several
 * agreements on one field for different purposes; the query's purpose picks the one drawn on, and so the one whose
 * quota is counted.
 */
@Component
public class SourcePlanner {

    private final PolicyView policy;

    public SourcePlanner(PolicyView policy) {
        this.policy = policy;
    }

    Plan plan(String consumer, String subjectType, List<String> requestedFields, String purpose, Instant now) {
        Map<String, List<String>> fieldsByResource = new LinkedHashMap<>();
        Map<String, LinkedHashSet<String>> agreementsByResource = new LinkedHashMap<>();
        Map<String, ResourceChanged.Resource> resources = new LinkedHashMap<>();
        List<Plan.Denied> denied = new ArrayList<>();

        for (String field : new LinkedHashSet<>(requestedFields)) {
            Optional<ResourceChanged.Resource> source = authoritativeSource(subjectType, field);
            if (source.isEmpty()) {
                denied.add(new Plan.Denied(field, DenialReason.UNKNOWN_FIELD));
                continue;
            }
            ResourceChanged.Resource resource = source.get();
            ResourceChanged.Field spec = fieldOf(resource, field);
            if ("NOT_SHARED".equals(spec.sharing())) {
                denied.add(new Plan.Denied(field, DenialReason.NOT_SHARED));
                continue;
            }
            List<AgreementChanged.Agreement> covering = covering(consumer, resource.id(), field);
            Optional<AgreementChanged.Agreement> inForce = inForceFor(covering, purpose, now);
            if (inForce.isEmpty()) {
                denied.add(new Plan.Denied(field, reasonWithout(covering, purpose, now)));
                continue;
            }
            resources.put(resource.id(), resource);
            fieldsByResource.computeIfAbsent(resource.id(), k -> new ArrayList<>()).add(field);
            agreementsByResource.computeIfAbsent(resource.id(), k -> new LinkedHashSet<>()).add(inForce.get().id());
        }

        List<Plan.SourceCall> calls = fieldsByResource.entrySet().stream()
                .map(e -> new Plan.SourceCall(resources.get(e.getKey()), List.copyOf(e.getValue()),
                        List.copyOf(agreementsByResource.get(e.getKey()))))
                .toList();
        return new Plan(calls, List.copyOf(denied));
    }

    /**
     * The agreement that lets {@code consumer} read {@code field} of {@code resourceId} for {@code purpose} now, if
     * any. Public so that a collection check says AGREED under exactly the rule a query is answered by.
     */
    public Optional<AgreementChanged.Agreement> agreementFor(String consumer, String resourceId, String field,
            String purpose, Instant now) {
        return inForceFor(covering(consumer, resourceId, field), purpose, now);
    }

    static boolean isInForce(AgreementChanged.Agreement a, Instant now) {
        return "ACTIVE".equals(a.status()) && !now.isBefore(a.validFrom()) && now.isBefore(a.validUntil());
    }

    static boolean isFor(AgreementChanged.Agreement a, String purpose) {
        return purpose != null && purpose.equals(a.purposeCode());
    }

    private List<AgreementChanged.Agreement> covering(String consumer, String resourceId, String field) {
        return policy.agreementsOf(consumer, resourceId).stream().filter(a -> a.fields().contains(field)).toList();
    }

    private static Optional<AgreementChanged.Agreement> inForceFor(List<AgreementChanged.Agreement> covering,
            String purpose, Instant now) {
        return covering.stream().filter(a -> isFor(a, purpose)).filter(a -> isInForce(a, now)).findFirst();
    }

    /**
     * The most telling reason. The agreements made for this purpose speak first: a suspended or lapsed one says more
     * than "none". Only when none of them explains the refusal does an agreement in force for another purpose: that
     * is PURPOSE_MISMATCH (it would have answered, had the query been made for its purpose). An agreement for another
     * purpose that is not in force is no agreement for this query at all.
     */
    private static DenialReason reasonWithout(List<AgreementChanged.Agreement> covering, String purpose, Instant now) {
        List<AgreementChanged.Agreement> forPurpose = covering.stream().filter(a -> isFor(a, purpose)).toList();
        if (forPurpose.stream().anyMatch(a -> "SUSPENDED".equals(a.status()))) {
            return DenialReason.SUSPENDED;
        }
        if (forPurpose.stream().anyMatch(a -> "EXPIRED".equals(a.status())
                || ("ACTIVE".equals(a.status()) && !now.isBefore(a.validUntil())))) {
            return DenialReason.EXPIRED;
        }
        if (covering.stream().anyMatch(a -> !isFor(a, purpose) && isInForce(a, now))) {
            return DenialReason.PURPOSE_MISMATCH;
        }
        return DenialReason.NO_AGREEMENT;
    }

    /**
     * The authoritative resource for (subject type, field); else the oldest-named one that serves it. Public so that
     * a collection check names the very source a query would call.
     */
    public Optional<ResourceChanged.Resource> authoritativeSource(String subjectType, String field) {
        return policy.resources().stream()
                .filter(r -> r.subjectType().equals(subjectType))
                .filter(r -> r.fields().stream().anyMatch(f -> f.name().equals(field)))
                .min(Comparator.comparing((ResourceChanged.Resource r) -> !fieldOf(r, field).authoritative())
                        .thenComparing(ResourceChanged.Resource::id));
    }

    private static ResourceChanged.Field fieldOf(ResourceChanged.Resource resource, String field) {
        return resource.fields().stream().filter(f -> f.name().equals(field)).findFirst().orElseThrow();
    }
}
