package hub.citybrain.identity;

/** Government level of a department, from the top of the hierarchy down. */
public enum Level {
    NATIONAL, PROVINCIAL, MUNICIPAL, COUNTY, TOWNSHIP, VILLAGE;

    /** Parses a claim value; unknown or missing values give {@code null} rather than an exception. */
    public static Level parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Level.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
