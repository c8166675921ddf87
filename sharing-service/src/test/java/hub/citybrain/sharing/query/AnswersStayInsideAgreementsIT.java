package hub.citybrain.sharing.query;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;


import com.github.tomakehurst.wiremock.WireMockServer;

import hub.citybrain.events.AgreementChanged;
import hub.citybrain.events.ResourceChanged;
import hub.citybrain.identity.Level;
import hub.citybrain.identity.Roles;
import hub.citybrain.testsupport.TestTokens;
import hub.citybrain.sharing.policy.PolicyView;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.JsonNode;

/**
 * The hub's first promise, checked over random catalogs, agreements in every state, validity and purpose, and
 * queries made for random purposes, one at a time or as batch lines: no answer ever holds a field the caller has no
 * ACTIVE, unexpired agreement for <em>made for the query's purpose</em> — whether the value comes from the source or
 * from the fact cache, and also after agreements and the catalog change under a warm cache.
 *
 * <p>The oracle below is written from the rule itself, not from the planner's code. Each try gets its own resource
 * ids, so tries do not share cached facts; within a try the cache is deliberately warmed by a department that may
 * see everything, so a leak from the cache would show. Purposes come from a set of two, so that an agreement and a
 * query agree on their purpose about half the time and both matches and mismatches are frequent.
 */
class AnswersStayInsideAgreementsIT {

    static final List<String> FIELD_POOL = List.of("f0", "f1", "f2", "f3", "f4", "f5");
    static final List<String> CONSUMERS = List.of("gaoyou.dept-a", "gaoyou.dept-b");
    static final String OMNISCIENT = "gaoyou.sees-all";
    static final List<String> SUBJECTS = List.of("321084199001010011", "321084199001010022");
    static final List<String> STATUSES = List.of("REQUESTED", "ACTIVE", "REJECTED", "SUSPENDED", "REVOKED",
            "EXPIRED");
    static final List<String> PURPOSES = List.of("SUBSISTENCE_REVIEW", "PARTY_LIAISON");

    static final TestTokens TOKENS = new TestTokens();
    static final AtomicInteger TRY = new AtomicInteger();

    static SharingInfrastructure infrastructure;
    static WireMockServer source;
    static RunningSharingService sharing;
    static PolicyView policy;
    static final List<String> LAST_RESOURCES = new ArrayList<>();
    static final List<String> LAST_AGREEMENTS = new ArrayList<>();

    @BeforeContainer
    static void startService() {
        infrastructure = new SharingInfrastructure();
        source = infrastructure.source();
        sharing = infrastructure.startService(TOKENS);
        policy = sharing.bean(PolicyView.class);
    }

    @AfterContainer
    static void stopService() {
        if (sharing != null) {
            sharing.close();
        }
        infrastructure.close();
    }

    // ---- the scenario ----

    record FieldSpec(String name, String sharing, boolean authoritative) {
    }

    record AgreementSpec(int consumer, int resource, Set<String> fields, String status, Window window,
            String purpose) {
    }

    /** An agreement's later state, or a field of a resource that stops being shared. */
    record Change(int agreement, String status, Window window, int resource, String unshareField) {
    }

    enum Window {
        PAST, CURRENT, FUTURE;

        Instant from(Instant now) {
            return switch (this) {
                case PAST -> now.minus(Duration.ofDays(30));
                case CURRENT -> now.minus(Duration.ofDays(1));
                case FUTURE -> now.plus(Duration.ofDays(1));
            };
        }

        Instant until(Instant now) {
            return this == PAST ? now.minus(Duration.ofMinutes(5)) : now.plus(Duration.ofDays(30));
        }
    }

    /**
     * {@code purpose}: what the query is made for. {@code batch}: asked as lines of one batch, one line per purpose
     * (so one request carries a match and a mismatch), instead of one single query.
     */
    record Scenario(List<List<FieldSpec>> resources, List<AgreementSpec> agreements, int consumer,
            List<String> asked, int subject, boolean warm, List<Change> changes, String purpose, boolean batch) {
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<FieldSpec> field = Combinators.combine(Arbitraries.of(FIELD_POOL),
                Arbitraries.of("UNCONDITIONAL", "CONDITIONAL", "NOT_SHARED"), Arbitraries.of(true, false))
                .as(FieldSpec::new);
        Arbitrary<List<FieldSpec>> resource = field.list().ofMinSize(1).ofMaxSize(4).uniqueElements(FieldSpec::name);
        Arbitrary<AgreementSpec> agreement = Combinators.combine(Arbitraries.integers().between(0, 1),
                Arbitraries.integers().between(0, 3), Arbitraries.subsetOf(FIELD_POOL).ofMinSize(1),
                statuses(), windows(), Arbitraries.of(PURPOSES))
                .as(AgreementSpec::new);
        Arbitrary<Change> change = Combinators.combine(Arbitraries.integers().between(0, 7),
                statuses(), windows(), Arbitraries.integers().between(0, 3),
                Arbitraries.of(FIELD_POOL).injectNull(0.6))
                .as(Change::new);
        List<String> askable = new ArrayList<>(FIELD_POOL);
        askable.add("neverCatalogued");
        Arbitrary<Tuple.Tuple2<String, Boolean>> how = Combinators.combine(Arbitraries.of(PURPOSES),
                Arbitraries.of(true, false)).as(Tuple::of);
        // with purposes, only about one agreement in five is in force for the query's purpose: more agreements per
        // try keep the share of answers that give something from collapsing
        return Combinators.combine(resource.list().ofMinSize(1).ofMaxSize(4), agreement.list().ofMinSize(2).ofMaxSize(12),
                Arbitraries.integers().between(0, 1), Arbitraries.subsetOf(askable).ofMinSize(1)
                        .map(ArrayList::new),
                Arbitraries.integers().between(0, 1), Arbitraries.of(true, false), change.list().ofMaxSize(3), how)
                .as((resources, agreements, consumer, asked, subject, warm, changes, purposeAndMode) ->
                        new Scenario(resources, agreements, consumer, List.copyOf(asked), subject, warm, changes,
                                purposeAndMode.get1(), purposeAndMode.get2()));
    }

    /**
     * Every state, but ACTIVE as often as all the others together: with uniform states hardly any agreement would
     * be in force, and the property would mostly check empty answers.
     */
    static Arbitrary<String> statuses() {
        return Arbitraries.frequency(Tuple.of(5, "ACTIVE"), Tuple.of(1, "REQUESTED"), Tuple.of(1, "REJECTED"),
                Tuple.of(1, "SUSPENDED"), Tuple.of(1, "REVOKED"), Tuple.of(1, "EXPIRED"));
    }

    static Arbitrary<Window> windows() {
        return Arbitraries.frequency(Tuple.of(4, Window.CURRENT), Tuple.of(1, Window.PAST), Tuple.of(1, Window.FUTURE));
    }

    @Property(tries = 150)
    void noAnswerHoldsAFieldOutsideAnActiveUnexpiredAgreementForTheQuerysPurpose(
            @ForAll("scenarios") Scenario scenario) {
        int attempt = TRY.incrementAndGet();
        Instant now = Instant.now();
        clearPolicy();
        List<ResourceChanged.Resource> resources = new ArrayList<>();
        for (int i = 0; i < scenario.resources().size(); i++) {
            resources.add(resource("p" + attempt + "-r" + i, scenario.resources().get(i), 1));
        }
        Map<String, AgreementChanged.Agreement> agreements = new LinkedHashMap<>();
        for (int i = 0; i < scenario.agreements().size(); i++) {
            AgreementSpec spec = scenario.agreements().get(i);
            var on = resources.get(spec.resource() % resources.size());
            agreements.put("p" + attempt + "-a" + i, agreement("p" + attempt + "-a" + i, CONSUMERS.get(spec.consumer()),
                    on, List.copyOf(spec.fields()), spec.status(), spec.window(), spec.purpose(), now, 1));
        }
        resources.forEach(this::publish);
        agreements.values().forEach(this::publish);
        String subject = SUBJECTS.get(scenario.subject());

        if (scenario.warm()) {
            warmTheCache(attempt, resources, subject, now);
        }
        String consumer = CONSUMERS.get(scenario.consumer());
        check(scenario, consumer, subject, resources, agreements.values(), "first");

        // Agreements and the catalog change under a (possibly) warm cache; the next answer must follow them.
        List<String> agreementIds = new ArrayList<>(agreements.keySet());
        for (Change change : scenario.changes()) {
            if (!agreementIds.isEmpty()) {
                var old = agreements.get(agreementIds.get(change.agreement() % agreementIds.size()));
                var changed = agreement(old.id(), old.consumer(), resourceOf(resources, old.resourceId()),
                        old.fields(), change.status(), change.window(), old.purposeCode(), now, old.version() + 1);
                agreements.put(old.id(), changed);
                publish(changed);
            }
            if (change.unshareField() != null) {
                int index = change.resource() % resources.size();
                var old = resources.get(index);
                List<FieldSpec> fields = old.fields().stream().map(f -> new FieldSpec(f.name(),
                        f.name().equals(change.unshareField()) ? "NOT_SHARED" : f.sharing(), f.authoritative())).toList();
                resources.set(index, resource(old.id(), fields, old.version() + 1));
                publish(resources.get(index));
            }
        }
        check(scenario, consumer, subject, resources, agreements.values(), "after changes");

        // not a vacuous truth: fields were given, from the sources and from the cache, singly and in batches, and
        // fields were refused for their purpose
        Statistics.label("answer").coverage(coverage -> {
            coverage.check("given from source").count(n -> n > 0);
            coverage.check("given from cache").count(n -> n > 0);
        });
        Statistics.label("asked as").coverage(coverage -> {
            coverage.check("single").count(n -> n > 0);
            coverage.check("batch line").count(n -> n > 0);
        });
        Statistics.label("purpose").coverage(coverage -> {
            coverage.check("given under a matching purpose").count(n -> n > 0);
            coverage.check("denied PURPOSE_MISMATCH").count(n -> n > 0);
        });
    }

    /** A department with every field of every resource agreed asks for everything first. */
    void warmTheCache(int attempt, List<ResourceChanged.Resource> resources, String subject, Instant now) {
        for (var resource : resources) {
            publish(agreement("p" + attempt + "-omni-" + resource.id(), OMNISCIENT, resource,
                    resource.fields().stream().map(ResourceChanged.Field::name).toList(), "ACTIVE", Window.CURRENT,
                    PURPOSES.get(0), now, 1));
        }
        var answer = sharing.query(token(OMNISCIENT), subject, FIELD_POOL, PURPOSES.get(0));
        assertThat(answer.status()).isEqualTo(200);
    }

    /** Asks as the scenario says (one query, or one batch line per purpose) and checks every answer. */
    void check(Scenario scenario, String consumer, String subject, List<ResourceChanged.Resource> resources,
            Iterable<AgreementChanged.Agreement> agreements, String round) {
        if (!scenario.batch()) {
            var answer = sharing.query(token(consumer), subject, scenario.asked(), scenario.purpose());
            assertThat(answer.status()).as(round + ": " + answer.body()).isEqualTo(200);
            check(answer.body(), consumer, scenario.asked(), scenario.purpose(), resources, agreements, round);
            Statistics.label("asked as").collect("single");
            return;
        }
        // the scenario's purpose first, then the other one
        List<String> purposes = new ArrayList<>(List.of(scenario.purpose()));
        PURPOSES.stream().filter(p -> !p.equals(scenario.purpose())).forEach(purposes::add);
        List<Map<String, Object>> lines = purposes.stream().map(purpose -> Map.<String, Object>of(
                "subjectType", "PERSON", "subjectKey", subject, "fields", scenario.asked(), "purpose", purpose))
                .toList();
        var batch = sharing.batch(token(consumer), lines);
        assertThat(batch.status()).as(round + ": batch " + batch.lines()).isEqualTo(200);
        assertThat(batch.lines()).as(round + ": one answer per line").hasSize(lines.size());
        for (JsonNode line : batch.lines()) {
            assertThat(line.get("status").asInt()).as(round + ": " + line).isEqualTo(200);
            String purpose = purposes.get(line.get("line").asInt() - 1);
            assertThat(line.get("answer").get("purpose").asString()).isEqualTo(purpose);
            check(line.get("answer"), consumer, scenario.asked(), purpose, resources, agreements,
                    round + " (batch line for " + purpose + ")");
            Statistics.label("asked as").collect("batch line");
        }
    }

    void check(JsonNode answer, String consumer, List<String> asked, String purpose,
            List<ResourceChanged.Resource> resources, Iterable<AgreementChanged.Agreement> agreements, String round) {
        Instant now = Instant.now();
        JsonNode fields = answer.get("fields");
        Iterator<String> names = fields.propertyNames().iterator();
        boolean cachedSeen = false;
        while (names.hasNext()) {
            String field = names.next();
            JsonNode given = fields.get(field);
            String resourceId = given.get("source").get("resource").asString();
            cachedSeen |= given.get("cached").asBoolean();
            assertThat(asked).as(round + ": only asked fields are answered").contains(field);
            var resource = resourceOf(resources, resourceId);
            assertThat(resource.fields()).as(round + ": %s is a shared field of %s", field, resourceId)
                    .anySatisfy(f -> {
                        assertThat(f.name()).isEqualTo(field);
                        assertThat(f.sharing()).isNotEqualTo("NOT_SHARED");
                    });
            boolean covered = false;
            for (var a : agreements) {
                covered |= a.consumer().equals(consumer) && a.resourceId().equals(resourceId)
                        && a.fields().contains(field) && "ACTIVE".equals(a.status())
                        && !now.isBefore(a.validFrom()) && now.isBefore(a.validUntil())
                        && purpose.equals(a.purposeCode());
            }
            assertThat(covered).as(round + ": %s of %s given to %s for %s without an agreement in force for that "
                    + "purpose (cached: %s)", field, resourceId, consumer, purpose, given.get("cached")).isTrue();
            assertThat(given.get("value").asString()).as(round + ": the value is the source's own")
                    .isEqualTo(resourceId + "/" + field);
        }
        Statistics.label("answer").collect(fields.isEmpty() ? "nothing given" : cachedSeen ? "given from cache"
                : "given from source");
        if (!fields.isEmpty()) {
            Statistics.label("purpose").collect("given under a matching purpose");
        }
        for (JsonNode denied : answer.get("denied")) {
            if (!"PURPOSE_MISMATCH".equals(denied.get("reason").asString())) {
                continue;
            }
            // a mismatch is claimed only where the caller does hold an agreement in force for another purpose
            String field = denied.get("field").asString();
            boolean heldForAnother = false;
            for (var a : agreements) {
                heldForAnother |= a.consumer().equals(consumer) && a.fields().contains(field)
                        && "ACTIVE".equals(a.status()) && !now.isBefore(a.validFrom())
                        && now.isBefore(a.validUntil()) && !purpose.equals(a.purposeCode());
            }
            assertThat(heldForAnother).as(round + ": %s denied PURPOSE_MISMATCH to %s for %s", field, consumer,
                    purpose).isTrue();
            Statistics.label("purpose").collect("denied PURPOSE_MISMATCH");
        }
    }

    // ---- fixtures ----

    ResourceChanged.Resource resource(String id, List<FieldSpec> fields, long version) {
        Map<String, Object> body = new LinkedHashMap<>();
        fields.forEach(f -> body.put(f.name(), id + "/" + f.name()));
        source.stubFor(get(urlPathMatching("/" + id + "/.*")).willReturn(okJson(
                sharing.bean(tools.jackson.databind.json.JsonMapper.class).writeValueAsString(body))));
        Map<String, String> mapping = new LinkedHashMap<>();
        fields.forEach(f -> mapping.put(f.name(), "/" + f.name()));
        return new ResourceChanged.Resource(id, id, id, "yangzhou.holder", "MUNICIPAL", "PERSON", "idNumber", "P1D",
                fields.stream().map(f -> new ResourceChanged.Field(f.name(), "string", f.name(), "L2", f.sharing(),
                        f.authoritative(), List.of())).toList(),
                new ResourceChanged.Connector(source.baseUrl(), "/" + id + "/{subjectKey}", 2000, mapping), version);
    }

    static AgreementChanged.Agreement agreement(String id, String consumer, ResourceChanged.Resource on,
            List<String> fields, String status, Window window, String purpose, Instant now, long version) {
        return new AgreementChanged.Agreement(id, consumer, on.id(), on.holder(), fields, purpose, "test",
                "test", window.from(now), window.until(now), 1_000_000, status, version, null);
    }

    static ResourceChanged.Resource resourceOf(List<ResourceChanged.Resource> resources, String id) {
        return resources.stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("answered from a resource outside the catalog: " + id));
    }

    void publish(ResourceChanged.Resource resource) {
        policy.apply(resource);
        LAST_RESOURCES.add(resource.id());
    }

    void publish(AgreementChanged.Agreement agreement) {
        policy.apply(agreement);
        LAST_AGREEMENTS.add(agreement.id());
    }

    static void clearPolicy() {
        source.resetMappings();
        LAST_RESOURCES.forEach(policy::removeResource);
        LAST_AGREEMENTS.forEach(policy::removeAgreement);
        LAST_RESOURCES.clear();
        LAST_AGREEMENTS.clear();
    }

    static String token(String consumer) {
        return TOKENS.department(consumer, Level.COUNTY, "321084", Roles.QUERY);
    }
}
