package hub.citybrain.console.hub;

/**
 * An error answer of the hub's API (application/problem+json), as the console shows it: its stable {@code code}
 * (translated in the page's language), the API's own words and the trace id to quote to the hub's operators.
 */
public record HubProblem(int status, String code, String title, String detail, String traceId) {
}
