package hub.citybrain.sharing.query;

/** Why an allowed field could not be supplied by its source. */
public enum UnavailableReason {
    TIMEOUT, SOURCE_ERROR, NOT_FOUND, BAD_RESPONSE
}
