package hub.citybrain.sharing.policy;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import hub.citybrain.events.AgreementChanged;
import hub.citybrain.events.ResourceChanged;

/**
 * The sharing service's view of the catalog and of agreements, kept in memory and fed from the registry's
 * compacted topics (read from the beginning at every start, so a restart rebuilds it).
 */
@Component
public class PolicyView {

    private final Map<String, ResourceChanged.Resource> resources = new ConcurrentHashMap<>();
    private final Map<String, AgreementChanged.Agreement> agreements = new ConcurrentHashMap<>();
    /** The query path asks "what does this consumer hold on this resource": index it, do not scan every agreement. */
    private final Map<String, Map<String, AgreementChanged.Agreement>> byConsumer = new ConcurrentHashMap<>();

    /** Keeps the newest version: events are at-least-once and could arrive twice. */
    public void apply(ResourceChanged.Resource resource) {
        resources.merge(resource.id(), resource, (old, neu) -> neu.version() >= old.version() ? neu : old);
    }

    /** Fed by the single listener thread of {@code PolicyFeed}, so the two maps are updated in one order. */
    public void apply(AgreementChanged.Agreement agreement) {
        AgreementChanged.Agreement kept = agreements.merge(agreement.id(), agreement,
                (old, neu) -> neu.version() >= old.version() ? neu : old);
        byConsumer.computeIfAbsent(kept.consumer(), c -> new ConcurrentHashMap<>()).put(kept.id(), kept);
    }

    public void removeResource(String id) {
        resources.remove(id);
    }

    public void removeAgreement(String id) {
        AgreementChanged.Agreement removed = agreements.remove(id);
        Map<String, AgreementChanged.Agreement> held = removed == null ? null : byConsumer.get(removed.consumer());
        if (held != null) {
            held.remove(id);
        }
    }

    public Collection<ResourceChanged.Resource> resources() {
        return resources.values();
    }

    public List<AgreementChanged.Agreement> agreementsOf(String consumer, String resourceId) {
        return byConsumer.getOrDefault(consumer, Map.of()).values().stream()
                .filter(a -> a.resourceId().equals(resourceId))
                .toList();
    }

    public Optional<AgreementChanged.Agreement> agreement(String id) {
        return Optional.ofNullable(agreements.get(id));
    }

    public int resourceCount() {
        return resources.size();
    }

    public int agreementCount() {
        return agreements.size();
    }
}
