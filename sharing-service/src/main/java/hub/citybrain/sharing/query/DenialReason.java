package hub.citybrain.sharing.query;

/** Why a requested field was not given, decided before any source is called. */
public enum DenialReason {
    /** No resource in the catalog serves this field for this subject type. */
    UNKNOWN_FIELD,
    /** The field is classified 不予共享. */
    NOT_SHARED,
    /** The caller has no agreement covering the field. */
    NO_AGREEMENT,
    /** The caller's agreement covering the field is outside its validity period. */
    EXPIRED,
    /** The caller's agreement covering the field is suspended. */
    SUSPENDED,
    /**
     * The caller holds an agreement in force covering the field, but made for another purpose than the query's: an
     * agreement answers only queries made for its own purpose (purpose limitation).
     */
    PURPOSE_MISMATCH,
    /** The caller's agreement covering the field has used up its daily quota. */
    QUOTA
}
