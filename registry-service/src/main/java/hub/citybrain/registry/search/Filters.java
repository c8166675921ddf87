package hub.citybrain.registry.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * The optional filters of a search: a filter given (not null, not blank) adds its criterion, one left out adds
 * nothing, and the query asks for all of them at once, in id order.
 */
public final class Filters {

    private final List<Criteria> given = new ArrayList<>();

    /** The field equals the value. */
    public Filters equal(String field, String value) {
        return isGiven(value) ? and(Criteria.where(field).is(value)) : this;
    }

    /** The field equals the constant's name. */
    public Filters equal(String field, Enum<?> value) {
        return value == null ? this : equal(field, value.name());
    }

    /** One of the fields contains the text, case-insensitively. */
    public Filters containsAny(String text, String... fields) {
        if (!isGiven(text)) {
            return this;
        }
        Pattern contains = Pattern.compile(Pattern.quote(text), Pattern.CASE_INSENSITIVE);
        return and(new Criteria().orOperator(Arrays.stream(fields).map(f -> Criteria.where(f).regex(contains))
                .toList()));
    }

    /** A criterion that always applies. */
    public Filters and(Criteria criterion) {
        given.add(criterion);
        return this;
    }

    /**
     * One {@code $and} of everything given: a field may appear in two criteria (in a visibility {@code $or} and as
     * a filter), which separate criteria of one query could not express.
     */
    public Query query() {
        Query query = new Query().with(Sort.by("_id"));
        return given.isEmpty() ? query : query.addCriteria(new Criteria().andOperator(given));
    }

    private static boolean isGiven(String value) {
        return value != null && !value.isBlank();
    }
}
