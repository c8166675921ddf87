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

    /** Keeps the newest version: events are at-least-once and could arrive twice. */
    public void apply(ResourceChanged.Resource resource) {
        resources.merge(resource.id(), resource, (old, neu) -> neu.version() >= old.version() ? neu : old);
    }

    public void apply(AgreementChanged.Agreement agreement) {
        agreements.merge(agreement.id(), agreement, (old, neu) -> neu.version() >= old.version() ? neu : old);
    }

    public void removeResource(String id) {
        resources.remove(id);
    }

    public void removeAgreement(String id) {
        agreements.remove(id);
    }

    public Collection<ResourceChanged.Resource> resources() {
        return resources.values();
    }

    public List<AgreementChanged.Agreement> agreementsOf(String consumer, String resourceId) {
        return agreements.values().stream()
                .filter(a -> a.consumer().equals(consumer) && a.resourceId().equals(resourceId))
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
