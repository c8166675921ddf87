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
 * whether the caller's department holds an agreement in force that covers it. Denials are decided here, before
 * any source is called, so a refused field is never fetched.
 */
@Component
public class SourcePlanner {

    private final PolicyView policy;

    public SourcePlanner(PolicyView policy) {
        this.policy = policy;
    }

    Plan plan(String consumer, String subjectType, List<String> requestedFields, Instant now) {
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
            List<AgreementChanged.Agreement> covering = policy.agreementsOf(consumer, resource.id()).stream()
                    .filter(a -> a.fields().contains(field))
                    .toList();
            Optional<AgreementChanged.Agreement> inForce = covering.stream()
                    .filter(a -> isInForce(a, now))
                    .findFirst();
            if (inForce.isEmpty()) {
                denied.add(new Plan.Denied(field, reasonWithout(covering, now)));
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

    public static boolean isInForce(AgreementChanged.Agreement a, Instant now) {
        return "ACTIVE".equals(a.status()) && !now.isBefore(a.validFrom()) && now.isBefore(a.validUntil());
    }

    /** The most telling reason: a suspended or lapsed agreement says more than "none". */
    private static DenialReason reasonWithout(List<AgreementChanged.Agreement> covering, Instant now) {
        if (covering.stream().anyMatch(a -> "SUSPENDED".equals(a.status()))) {
            return DenialReason.SUSPENDED;
        }
        if (covering.stream().anyMatch(a -> "EXPIRED".equals(a.status())
                || ("ACTIVE".equals(a.status()) && !now.isBefore(a.validUntil())))) {
            return DenialReason.EXPIRED;
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
