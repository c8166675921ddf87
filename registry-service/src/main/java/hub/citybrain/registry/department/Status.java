package hub.citybrain.registry.department;

/** Whether a department's client may obtain tokens. */
enum Status {
    ACTIVE, INACTIVE
}
