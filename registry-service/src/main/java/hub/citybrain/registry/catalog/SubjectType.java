package hub.citybrain.registry.catalog;

/** What a resource's records are about. */
public enum SubjectType {
    PERSON, HOUSEHOLD, ENTERPRISE, BUILDING
}
