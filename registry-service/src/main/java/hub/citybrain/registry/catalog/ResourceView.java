package hub.citybrain.registry.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A catalog resource as the API shows it; {@code connector} is left out for callers who may not see it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ResourceView(String id, Title title, String holder, String holderLevel, String subjectType,
        String subjectKey, String updateCycle, List<FieldView> fields, ConnectorView connector, long version,
        Instant createdAt) {

    record Title(String zh, String en) {
    }

    record FieldView(String name, String type, String description, String sensitivity, String sharing,
            boolean authoritative, List<String> aliases) {
    }

    record ConnectorView(String baseUrl, String pathTemplate, int timeoutMs, Map<String, String> mapping) {
    }

    /**
     * The connector names internal addresses of a department's system: only the holder and hub admins see it.
     */
    static ResourceView forCaller(Resource r, hub.citybrain.identity.Caller caller) {
        ResourceView full = of(r);
        if (caller.hasRole(hub.citybrain.identity.Roles.HUB_ADMIN) || r.holder().equals(caller.department())) {
            return full;
        }
        return new ResourceView(full.id(), full.title(), full.holder(), full.holderLevel(), full.subjectType(),
                full.subjectKey(), full.updateCycle(), full.fields(), null, full.version(), full.createdAt());
    }

    static ResourceView of(Resource r) {
        return new ResourceView(r.id(), new Title(r.titleZh(), r.titleEn()), r.holder(), r.holderLevel(),
                r.subjectType(), r.subjectKey(), r.updateCycle(),
                r.fields().stream().map(f -> new FieldView(f.name(), f.type(), f.description(), f.sensitivity(),
                        f.sharing(), f.authoritative(), f.aliases() == null ? List.of() : f.aliases())).toList(),
                new ConnectorView(r.connector().baseUrl(), r.connector().pathTemplate(), r.connector().timeoutMs(),
                        r.connector().mapping()),
                r.version(), r.createdAt());
    }
}
