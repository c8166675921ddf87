package hub.citybrain.sharing.query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import hub.citybrain.events.AgreementChanged;
import hub.citybrain.events.ResourceChanged;

/**
 * Fixture builders for the catalog resources and agreements the sharing service learns from the registry. Public for
 * the tests of other features (collection checks) that judge by the same policy.
 */
public final class PolicyMother {

    public static final String PERSON = "PERSON";
    /** The department every agreement is made for unless a test says otherwise. */
    public static final String CONSUMER = "gaoyou.civil-affairs";
    /** The purpose every agreement is made for unless a test says otherwise; queries ask under it. */
    public static final String PURPOSE = "SOCIAL_ASSISTANCE";

    private PolicyMother() {
    }

    public static ResourceBuilder resource(String id) {
        return new ResourceBuilder(id);
    }

    public static AgreementBuilder agreement(String id) {
        return new AgreementBuilder(id);
    }

    public static final class ResourceBuilder {
        private final String id;
        private String holder = "yangzhou.public-security";
        private String holderLevel = "MUNICIPAL";
        private String subjectType = PERSON;
        private String subjectKey = "idNumber";
        private final List<ResourceChanged.Field> fields = new ArrayList<>();
        private final Map<String, String> mapping = new LinkedHashMap<>();
        private String baseUrl = "http://127.0.0.1:9";
        private String pathTemplate = "/people/{subjectKey}";
        private int timeoutMs = 1000;
        private long version = 1;

        private ResourceBuilder(String id) {
            this.id = id;
        }

        /** Applies one change; every setter below is one. */
        private ResourceBuilder set(Runnable change) {
            change.run();
            return this;
        }

        public ResourceBuilder heldBy(String department, String level) {
            return set(() -> {
                this.holder = department;
                this.holderLevel = level;
            });
        }

        public ResourceBuilder about(String subjectType) {
            return set(() -> this.subjectType = subjectType);
        }

        /** The catalog's code for the identifier that names the subject, e.g. ID_NUMBER. */
        public ResourceBuilder keyedBy(String subjectKey) {
            return set(() -> this.subjectKey = subjectKey);
        }

        /** A shared, authoritative field mapped to {@code /<name>}. */
        public ResourceBuilder field(String name) {
            return field(name, "CONDITIONAL", true);
        }

        public ResourceBuilder nonAuthoritativeField(String name) {
            return field(name, "CONDITIONAL", false);
        }

        public ResourceBuilder notSharedField(String name) {
            return field(name, "NOT_SHARED", true);
        }

        public ResourceBuilder field(String name, String sharing, boolean authoritative) {
            fields.add(new ResourceChanged.Field(name, "string", name, "L2", sharing, authoritative, List.of()));
            mapping.putIfAbsent(name, "/" + name);
            return this;
        }

        /** Gives the field {@code name} the labels a form may use for it. */
        public ResourceBuilder aliases(String name, String... aliases) {
            fields.replaceAll(f -> f.name().equals(name) ? new ResourceChanged.Field(f.name(), f.type(),
                    f.description(), f.sensitivity(), f.sharing(), f.authoritative(), List.of(aliases)) : f);
            return this;
        }

        public ResourceBuilder mapped(String field, String pointer) {
            mapping.put(field, pointer);
            return this;
        }

        public ResourceBuilder at(String baseUrl) {
            return set(() -> this.baseUrl = baseUrl);
        }

        public ResourceBuilder path(String pathTemplate) {
            return set(() -> this.pathTemplate = pathTemplate);
        }

        public ResourceBuilder timeoutMs(int timeoutMs) {
            return set(() -> this.timeoutMs = timeoutMs);
        }

        public ResourceBuilder version(long version) {
            return set(() -> this.version = version);
        }

        public ResourceChanged.Resource build() {
            return new ResourceChanged.Resource(id, id + " (zh)", id, holder, holderLevel, subjectType,
                    subjectKey, "P1D", List.copyOf(fields),
                    new ResourceChanged.Connector(baseUrl, pathTemplate, timeoutMs, Map.copyOf(mapping)), version);
        }

        public ResourceChanged event() {
            return ResourceChanged.of(UUID.randomUUID().toString(), Instant.now(), build());
        }
    }

    public static final class AgreementBuilder {
        private final String id;
        private String consumer = CONSUMER;
        private String resourceId;
        private String provider;
        private List<String> fields = List.of();
        private String status = "ACTIVE";
        private Instant validFrom = Instant.now().minus(Duration.ofDays(1));
        private Instant validUntil = Instant.now().plus(Duration.ofDays(365));
        private long version = 1;
        private int dailyQuota = 1000;
        private String purposeCode = PURPOSE;

        private AgreementBuilder(String id) {
            this.id = id;
        }

        /** Applies one change; every setter below is one. */
        private AgreementBuilder set(Runnable change) {
            change.run();
            return this;
        }

        public AgreementBuilder consumer(String consumer) {
            return set(() -> this.consumer = consumer);
        }

        public AgreementBuilder on(ResourceChanged.Resource resource, String... fields) {
            this.resourceId = resource.id();
            this.provider = resource.holder();
            this.fields = List.of(fields);
            return this;
        }

        public AgreementBuilder suspended() {
            return set(() -> this.status = "SUSPENDED");
        }

        public AgreementBuilder status(String status) {
            return set(() -> this.status = status);
        }

        /** Still marked ACTIVE, but its validity period ended yesterday. */
        public AgreementBuilder lapsed() {
            return set(() -> {
                this.validFrom = Instant.now().minus(Duration.ofDays(30));
                this.validUntil = Instant.now().minus(Duration.ofDays(1));
            });
        }

        public AgreementBuilder startingTomorrow() {
            return set(() -> {
                this.validFrom = Instant.now().plus(Duration.ofDays(1));
                this.validUntil = Instant.now().plus(Duration.ofDays(30));
            });
        }

        public AgreementBuilder version(long version) {
            return set(() -> this.version = version);
        }

        public AgreementBuilder dailyQuota(int dailyQuota) {
            return set(() -> this.dailyQuota = dailyQuota);
        }

        /** The purpose code the agreement was made for; it answers only queries made for that purpose. */
        public AgreementBuilder purpose(String purposeCode) {
            return set(() -> this.purposeCode = purposeCode);
        }

        public AgreementChanged.Agreement build() {
            return new AgreementChanged.Agreement(id, consumer, resourceId, provider, fields, purposeCode,
                    "最低生活保障资格审核", "《社会救助暂行办法》第十一条", validFrom, validUntil, dailyQuota, status, version, null);
        }

        public AgreementChanged event() {
            return AgreementChanged.of(UUID.randomUUID().toString(), Instant.now(), build());
        }
    }
}
