package hub.citybrain.support.openapi;

/**
 * One problem+json answer an operation can give, with its stable {@code code}: the API document lists it under its
 * status, with an example body (see {@link ProblemDocumentation}). Only the operation's own answers are written in the
 * service's {@code openapi/operations.yaml} ({@code problems:}); the ones every operation shares (401, the role's 403,
 * a deactivated department, the gateway's burst limit, an unreadable or invalid request) are added from the method's
 * signature and {@code @PreAuthorize}.
 *
 * @param status the HTTP status, e.g. 404
 * @param code the stable {@code code} of the problem body, as the service writes it
 * @param detail when it happens, worded as the service's {@code detail} would be; also the example's detail
 */
record ProblemAnswer(int status, String code, String detail) {
}
