package hub.citybrain.sharing.collection;

import java.text.Normalizer;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import hub.citybrain.events.ResourceChanged;

/**
 * What a form's column heading means in catalog terms, for one subject type. Real forms say 户主姓名, 出生年月 or
 * "Date of birth:" where the catalog says {@code name} and {@code birthDate}; so a label matches a field by its
 * name or any of its aliases once both are {@linkplain #normalise normalised}. A label that several different
 * fields claim is reported as ambiguous rather than guessed.
 *
 * <p>The subject key ({@code ID_NUMBER} for a person, {@code USCC} for an enterprise) is not a catalog field: it is
 * how every source names the subject. A form's 身份证号 column matches it through {@link SubjectKeyLabels}.
 */
final class FieldLabels {

    private final Map<String, Set<String>> fieldsByLabel = new LinkedHashMap<>();
    private final Map<String, String> subjectKeyByLabel = new LinkedHashMap<>();

    private FieldLabels() {
    }

    /** Indexes every field of the resources about {@code subjectType}; the catalog is small, so per check is fine. */
    static FieldLabels of(Collection<ResourceChanged.Resource> resources, String subjectType) {
        FieldLabels labels = new FieldLabels();
        for (ResourceChanged.Resource resource : resources) {
            if (!resource.subjectType().equals(subjectType)) {
                continue;
            }
            for (ResourceChanged.Field field : resource.fields()) {
                labels.index(field.name(), field.name());
                field.aliases().forEach(alias -> labels.index(alias, field.name()));
            }
            if (resource.subjectKey() != null) {
                String subjectKey = resource.subjectKey();
                labels.subjectKeyByLabel.putIfAbsent(normalise(subjectKey), subjectKey);
                SubjectKeyLabels.of(subjectKey).forEach(l -> labels.subjectKeyByLabel.putIfAbsent(normalise(l), subjectKey));
            }
        }
        return labels;
    }

    private void index(String label, String field) {
        String key = normalise(label);
        if (!key.isEmpty()) {
            fieldsByLabel.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(field);
        }
    }

    /** What a label names: the catalog fields it matches (none, one, or several), or the subject key. */
    record Match(List<String> fields, String subjectKey) {

        boolean isSubjectKey() {
            return subjectKey != null;
        }
    }

    /**
     * A field's own name wins over another field's alias (so {@code name} is the field {@code name} even if some
     * resource lists "name" as an alias of something else); the subject key wins over everything, since every
     * source holds it.
     */
    Match match(String label) {
        String key = normalise(label);
        String subjectKey = subjectKeyByLabel.get(key);
        if (subjectKey != null) {
            return new Match(List.of(), subjectKey);
        }
        Set<String> fields = fieldsByLabel.getOrDefault(key, Set.of());
        List<String> exact = fields.stream().filter(f -> normalise(f).equals(key)).toList();
        return new Match(exact.size() == 1 ? exact : List.copyOf(fields), null);
    }

    /**
     * Trim, fold full-width forms to their ordinary ones (NFKC: "ＩＤ　Ｎｏ．" is "ID No."), lower-case, and drop
     * everything that is not a letter or digit, so that "出生日期：", "Date of birth" and "date_of_birth" all become
     * one key. Chinese characters are letters and survive.
     */
    static String normalise(String label) {
        if (label == null) {
            return "";
        }
        String folded = Normalizer.normalize(label, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder key = new StringBuilder(folded.length());
        folded.codePoints().filter(Character::isLetterOrDigit).forEach(key::appendCodePoint);
        return key.toString();
    }
}
