package hub.citybrain.sharing;

import java.time.Duration;

/**
 * The defaults of the service's settings records, one line a setting: a setting left out (or not positive) takes
 * its default, so each record's compact constructor reads as the list of its defaults.
 */
public final class PropertyDefaults {

    private PropertyDefaults() {
    }

    public static int positiveOr(int value, int fallback) {
        return value > 0 ? value : fallback;
    }

    public static float positiveOr(float value, float fallback) {
        return value > 0 ? value : fallback;
    }

    public static Duration givenOr(Duration value, Duration fallback) {
        return value != null ? value : fallback;
    }
}
