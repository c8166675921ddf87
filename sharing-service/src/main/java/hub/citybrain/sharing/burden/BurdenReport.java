package hub.citybrain.sharing.burden;

import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The burden dashboard: per consumer department, level, region and month, how much the hub spared the grassroots.
 * {@code fieldsSaved} is what collection checks found already held (fields x subjects a planned form need not
 * collect); {@code fieldsSupplied} is what queries actually delivered (one subject each). They are shown side by side,
 * not added: a department that checks a form and then queries those fields for the same people would be counted
 * twice.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record BurdenReport(String from, String to, String consumer, String level, String region, List<Row> rows,
        Totals totals) {

    record Key(String consumer, String level, String region, String month) {

        static final Comparator<Key> ORDER = Comparator
                .comparing(Key::month, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Key::consumer, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Key::level, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Key::region, Comparator.nullsFirst(Comparator.naturalOrder()));
    }

    record Row(String month, String consumer, String level, String region, long checks, long fieldsSaved,
            long queries, long fieldsSupplied) {

        static Row of(Key key, long checks, long fieldsSaved, long queries, long fieldsSupplied) {
            return new Row(key.month(), key.consumer(), key.level(), key.region(), checks, fieldsSaved, queries,
                    fieldsSupplied);
        }
    }

    record Totals(long checks, long fieldsSaved, long queries, long fieldsSupplied) {
    }

    static BurdenReport of(BurdenFilter filter, List<Row> rows) {
        Totals totals = new Totals(rows.stream().mapToLong(Row::checks).sum(),
                rows.stream().mapToLong(Row::fieldsSaved).sum(), rows.stream().mapToLong(Row::queries).sum(),
                rows.stream().mapToLong(Row::fieldsSupplied).sum());
        return new BurdenReport(filter.from() == null ? null : filter.from().toString(),
                filter.to() == null ? null : filter.to().toString(), filter.consumer(), filter.level(),
                filter.region(), rows, totals);
    }
}
