package hub.citybrain.sharing.collection;

import java.util.List;
import java.util.Map;

/**
 * The labels forms use for the identifier that names a subject. The catalog declares each resource's subject key
 * by a code ({@code ID_NUMBER}, {@code USCC}) and has no aliases for it, since it is not a field a source could
 * withhold: every source of that subject type is keyed by it. These are national standards (GB 11643 citizen
 * identity number, GB 32100 unified social credit code), so their labels are the same for every department and are
 * kept here rather than repeated on every resource.
 */
final class SubjectKeyLabels {

    private static final Map<String, List<String>> LABELS = Map.of(
            "ID_NUMBER", List.of("身份证号", "身份证号码", "公民身份号码", "居民身份证号码", "身份证件号码", "证件号码",
                    "ID number", "ID card number", "citizen identity number", "resident identity card number"),
            "USCC", List.of("统一社会信用代码", "社会信用代码", "信用代码", "unified social credit code",
                    "credit code"));

    private SubjectKeyLabels() {
    }

    static List<String> of(String subjectKey) {
        return LABELS.getOrDefault(subjectKey, List.of());
    }
}
