package hub.citybrain.devstack.world;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/** An enterprise registered in Gaoyou; registered capital is in 10,000 yuan (万元). */
public record Enterprise(
        String uscc,
        String name,
        String industry,
        String legalRepresentativeId,
        String legalRepresentativeName,
        long registeredCapitalWanYuan,
        String registrationStatus,
        LocalDate foundedOn,
        String townCode,
        String address,
        List<Inspection> inspections) {

    public Enterprise {
        inspections = inspections.stream().sorted(Comparator.comparing(Inspection::date)).toList();
    }

    public Inspection lastInspection() {
        return inspections.get(inspections.size() - 1);
    }
}
