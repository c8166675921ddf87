package hub.citybrain.devstack.world;

import java.time.LocalDate;
import java.util.List;

/** A fire / work-safety inspection of an enterprise by the county emergency management bureau. */
public record Inspection(LocalDate date, InspectionResult result, List<String> hazards) {

    public Inspection {
        hazards = List.copyOf(hazards);
    }
}
