package hub.citybrain.devstack.world;

import java.util.List;
import java.util.Optional;

/**
 * A household (户) living at an address in a village, in one grid. {@code subsistence} is null when the
 * household receives no minimum living allowance.
 */
public record Household(
        String id,
        String townCode,
        String townZh,
        String villageCode,
        String villageZh,
        String address,
        String gridCode,
        List<String> memberIds,
        SubsistenceAllowance subsistence) {

    public Household {
        memberIds = List.copyOf(memberIds);
    }

    public String headId() {
        return memberIds.get(0);
    }

    public int size() {
        return memberIds.size();
    }

    public Optional<SubsistenceAllowance> subsistenceAllowance() {
        return Optional.ofNullable(subsistence);
    }
}
