package hub.citybrain.sharing.burden;

import static org.springframework.data.mongodb.core.aggregation.Aggregation.group;
import static org.springframework.data.mongodb.core.aggregation.Aggregation.match;
import static org.springframework.data.mongodb.core.aggregation.Aggregation.newAggregation;
import static org.springframework.data.mongodb.core.aggregation.Aggregation.project;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.aggregation.AggregationExpression;
import org.springframework.data.mongodb.core.aggregation.ArrayOperators;
import org.springframework.data.mongodb.core.aggregation.ConditionalOperators;
import org.springframework.data.mongodb.core.aggregation.DateOperators;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Component;

import hub.citybrain.events.AccessRecorded;
import hub.citybrain.sharing.collection.CheckRecord;
import reactor.core.publisher.Mono;

/**
 * The burden figures, summed on read from what the service already keeps durably: one document per collection
 * check ({@code collection_checks}, with the fields x subjects it saved) and one access record per answered query
 * ({@code access_records}, with the fields it supplied; refused attempts are recorded there too and left out). Nothing is counted twice or lost on a restart, because
 * there is no counter to keep in step: each figure is a sum over documents written once, under unique ids, before
 * their answers left. Both are grouped by consumer department, its level and region, and the month as Shanghai
 * reckons it, in MongoDB ({@code $match}, {@code $project} with {@code $dateToString}, {@code $group}), so only the
 * groups travel.
 */
@Component
class BurdenLedger {

    static final ZoneId MONTH_ZONE = ZoneId.of("Asia/Shanghai");
    static final String ACCESS_RECORDS = "access_records";

    private final ReactiveMongoTemplate mongo;

    BurdenLedger(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Where one kind of event keeps who, when and how many fields. */
    private record Tally(String collection, String prefix, String at, AggregationExpression fields) {
    }

    private static final Tally CHECKS = new Tally(CheckRecord.COLLECTION, "", "checkedAt",
            ConditionalOperators.ifNull("fieldsSaved").then(0));
    private static final Tally QUERIES = new Tally(ACCESS_RECORDS, "access.", "answeredAt",
            ArrayOperators.Size.lengthOfArray("access.fieldsGiven"));

    Mono<BurdenReport> report(BurdenFilter filter) {
        return tally(CHECKS, filter).zipWith(tally(QUERIES, filter))
                .map(both -> BurdenReport.of(filter, merge(both.getT1(), both.getT2())));
    }

    private static List<BurdenReport.Row> merge(Map<BurdenReport.Key, long[]> checks,
            Map<BurdenReport.Key, long[]> queries) {
        Map<BurdenReport.Key, BurdenReport.Row> rows = new TreeMap<>(BurdenReport.Key.ORDER);
        checks.forEach((key, n) -> rows.put(key, BurdenReport.Row.of(key, n[0], n[1], 0, 0)));
        queries.forEach((key, n) -> rows.merge(key, BurdenReport.Row.of(key, 0, 0, n[0], n[1]),
                (c, q) -> BurdenReport.Row.of(key, c.checks(), c.fieldsSaved(), q.queries(), q.fieldsSupplied())));
        return List.copyOf(rows.values());
    }

    /** Events and their field counts per (consumer, level, region, month). */
    private Mono<Map<BurdenReport.Key, long[]>> tally(Tally tally, BurdenFilter filter) {
        var month = DateOperators.dateOf(tally.prefix() + tally.at())
                .withTimezone(DateOperators.Timezone.fromZone(MONTH_ZONE)).toString("%Y-%m");
        var aggregation = newAggregation(
                match(criteria(tally, filter)),
                project()
                        .and(tally.prefix() + "consumer").as("consumer")
                        .and(tally.prefix() + "consumerLevel").as("level")
                        .and(tally.prefix() + "consumerRegion").as("region")
                        .and(month).as("month")
                        .and(tally.fields()).as("fields"),
                group("consumer", "level", "region", "month").count().as("events").sum("fields").as("fields"));
        return mongo.aggregate(aggregation, tally.collection(), Document.class)
                .collectMap(BurdenLedger::keyOf, d -> new long[] { number(d, "events"), number(d, "fields") });
    }

    private static Criteria criteria(Tally tally, BurdenFilter filter) {
        Criteria criteria = new Criteria();
        if (tally == QUERIES) {
            // a refused attempt (a query, a batch line or a collection check) supplied nothing and is no query served
            criteria.and("access.outcome").ne(AccessRecorded.Access.REFUSED);
        }
        if (filter.consumer() != null) {
            criteria.and(tally.prefix() + "consumer").is(filter.consumer());
        }
        if (filter.level() != null) {
            criteria.and(tally.prefix() + "consumerLevel").is(filter.level());
        }
        if (filter.region() != null) {
            criteria.and(tally.prefix() + "consumerRegion").is(filter.region());
        }
        if (filter.from() != null || filter.to() != null) {
            Criteria at = criteria.and(tally.prefix() + tally.at());
            if (filter.from() != null) {
                at.gte(startOf(filter.from()));
            }
            if (filter.to() != null) {
                at.lt(startOf(filter.to().plusMonths(1)));
            }
        }
        return criteria;
    }

    static Instant startOf(YearMonth month) {
        return month.atDay(1).atStartOfDay(MONTH_ZONE).toInstant();
    }

    private static BurdenReport.Key keyOf(Document group) {
        Document id = group.get("_id", Document.class);
        return new BurdenReport.Key(id.getString("consumer"), id.getString("level"), id.getString("region"),
                id.getString("month"));
    }

    private static long number(Document d, String key) {
        Object value = d.get(key);
        return value instanceof Number n ? n.longValue() : 0;
    }
}
