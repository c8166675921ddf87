package hub.citybrain.sharing.burden;

import java.time.YearMonth;

/** What to sum: every field may be null (no restriction); {@code from} and {@code to} are inclusive months. */
record BurdenFilter(YearMonth from, YearMonth to, String consumer, String level, String region) {
}
