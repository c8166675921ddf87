package hub.citybrain.devstack.sources;

/**
 * One simulated department source system as it runs: its name (the {@code NAME} of {@code ${source:NAME}}
 * in the demo catalog), its port offset from the base port, where it listens, and the department that holds
 * its data with that department's government level (NATIONAL .. TOWNSHIP).
 */
public record SourceSystem(
        String name,
        int offset,
        int port,
        String baseUrl,
        String level,
        String departmentCode,
        String titleZh,
        String titleEn) {
}
