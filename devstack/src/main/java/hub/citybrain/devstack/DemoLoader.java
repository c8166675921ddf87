package hub.citybrain.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hub.citybrain.devstack.sources.SourceSystem;
import hub.citybrain.devstack.sources.SourceSystems;
import hub.citybrain.devstack.world.DemoWorld;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Loads the demo departments, catalog and agreements through the gateway, as the data authority would: a
 * client-credentials token, then {@code POST /api/v1/departments} for each entry of {@code demo/departments.json},
 * {@code POST /api/v1/catalog/resources} for each entry of {@code demo/catalog.json} and
 * {@code POST /api/v1/agreements} for each entry of {@code demo/agreements.json}.
 * 409 means the entry is already there, so loading again after a restart changes nothing and succeeds.
 *
 * <p>An agreement entry may carry {@code "then": [{"action": "approve", "by": "<clientId>", "reason": "..."}]}: after
 * the request, each action is posted to {@code /api/v1/agreements/{id}/{action}} with a token of the named demo
 * department client (the provider deciding), so the demo world holds agreements in every state of their lifecycle.
 * On a repeated load the request answers 409 AGREEMENT_EXISTS and each action 409 ILLEGAL_TRANSITION (already
 * done); chains are therefore written so that no action is legal again once the chain is done (no
 * suspend-then-resume). {@code ${now+PT5S}} and {@code ${now-P30D}} (ISO-8601 durations) stand for an instant
 * relative to the load, for an agreement that expires in the demo's first seconds.
 *
 * <p>Options: {@code --gateway URL}, {@code --token-url URL}, {@code --sources-port N}, {@code --sources-host H}
 * (env CITYBRAIN_GATEWAY_URL, CITYBRAIN_TOKEN_URL, CITYBRAIN_SOURCES_PORT, CITYBRAIN_SOURCES_HOST; the host is
 * where the sharing service reaches the sources: 127.0.0.1 by default, {@code sources} on docker-compose).
 */
public final class DemoLoader {

    // A labelled demo credential of the demo realm, not a secret.
    static final String CLIENT_ID = "hub.data-authority";
    static final String CLIENT_SECRET = "demo-secret-hub.data-authority";
    /** Every demo department client's published demo credential is {@code demo-secret-<clientId>}. */
    static final String DEMO_SECRET_PREFIX = "demo-secret-";

    private static final Pattern SOURCE_PLACEHOLDER = Pattern.compile("\\$\\{source:([A-Za-z0-9_.\\-]+)}");
    private static final Pattern NOW_PLACEHOLDER = Pattern.compile("\\$\\{now([+-])(P[0-9A-Za-z.]+)}");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> tokens = new HashMap<>();
    private final String gateway;
    private final String tokenUrl;
    private final Function<String, String> sourceBaseUrl;

    DemoLoader(String gateway, String tokenUrl, Function<String, String> sourceBaseUrl) {
        this.gateway = gateway.endsWith("/") ? gateway.substring(0, gateway.length() - 1) : gateway;
        this.tokenUrl = tokenUrl;
        this.sourceBaseUrl = sourceBaseUrl;
    }

    public static void main(String[] args) throws Exception {
        String gateway = env("CITYBRAIN_GATEWAY_URL", "http://127.0.0.1:8080");
        String tokenUrl = env("CITYBRAIN_TOKEN_URL", "http://127.0.0.1:8180/realms/citybrain/protocol/openid-connect/token");
        int sourcesPort = Integer.parseInt(env("CITYBRAIN_SOURCES_PORT", "8301"));
        String sourcesHost = env("CITYBRAIN_SOURCES_HOST", "127.0.0.1");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--gateway" -> gateway = args[i + 1];
                case "--token-url" -> tokenUrl = args[i + 1];
                case "--sources-port" -> sourcesPort = Integer.parseInt(args[i + 1]);
                case "--sources-host" -> sourcesHost = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("option " + args[args.length - 1] + " needs a value");
        }
        DemoLoader loader = new DemoLoader(gateway, tokenUrl, sourceBaseUrls(SourceSystems.layout(sourcesHost, sourcesPort)));
        try {
            Tally tally = loader.load();
            System.out.printf("demo data: %d created, %d already present%n", tally.created(), tally.present());
        } catch (LoadFailed e) {
            System.err.println("demo loading failed: " + e.getMessage());
            System.exit(1);
        }
        System.out.println("showcase person: " + DemoWorld.generate().showcasePerson().idNumber());
    }

    /** In dependency order: a resource names its holder department, an agreement its resource. */
    static final List<Step> STEPS = List.of(
            new Step("/api/v1/departments", "demo/departments.json"),
            new Step("/api/v1/catalog/resources", "demo/catalog.json"),
            new Step("/api/v1/agreements", "demo/agreements.json"));

    Tally load() throws IOException, InterruptedException {
        String token = token();
        Tally tally = new Tally(0, 0);
        for (Step step : STEPS) {
            tally = tally.plus(post(step.path(), step.resource(), token));
        }
        return tally;
    }

    String token() throws IOException, InterruptedException {
        return token(CLIENT_ID);
    }

    /** A client-credentials token of a demo client, fetched once per load. */
    String token(String clientId) throws IOException, InterruptedException {
        String cached = tokens.get(clientId);
        if (cached == null) {
            cached = fetchToken(clientId, CLIENT_ID.equals(clientId) ? CLIENT_SECRET : DEMO_SECRET_PREFIX + clientId);
            tokens.put(clientId, cached);
        }
        return cached;
    }

    private String fetchToken(String clientId, String secret) throws IOException, InterruptedException {
        String form = "grant_type=client_credentials"
                + "&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(tokenUrl))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new LoadFailed("token request for " + clientId + " at " + tokenUrl + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        JsonNode accessToken = json.readTree(response.body()).get("access_token");
        if (accessToken == null || !accessToken.isTextual()) {
            throw new LoadFailed("token response without access_token: " + response.body());
        }
        return accessToken.asText();
    }

    private Tally post(String path, String resource, String token) throws IOException, InterruptedException {
        Tally tally = new Tally(0, 0);
        for (String entry : requestBodies(resource)) {
            JsonNode node = json.readTree(entry);
            JsonNode then = node instanceof ObjectNode object ? object.remove("then") : null;
            String body = json.writeValueAsString(node);
            tally = tally.plus(count(path, body, send(path, body, token), 201, null));
            if (then != null) {
                tally = tally.plus(thenActions(path, node.path("id").asText(""), then));
            }
        }
        return tally;
    }

    /** The decisions that follow a request, each by the client it names (the provider, or the hub). */
    private Tally thenActions(String path, String id, JsonNode actions) throws IOException, InterruptedException {
        if (id.isBlank()) {
            throw new LoadFailed("an entry with \"then\" needs an \"id\": " + actions);
        }
        Tally tally = new Tally(0, 0);
        for (JsonNode action : actions) {
            String name = action.path("action").asText("");
            String by = action.path("by").asText("");
            if (!name.matches("approve|reject|suspend|resume|revoke") || by.isBlank()) {
                throw new LoadFailed("a \"then\" action needs an action (approve, reject, suspend, resume, revoke)"
                        + " and a \"by\" client id: " + action);
            }
            ObjectNode body = json.createObjectNode();
            if (action.hasNonNull("reason")) {
                body.put("reason", action.get("reason").asText());
            }
            String actionPath = path + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/" + name;
            String text = json.writeValueAsString(body);
            tally = tally.plus(count(actionPath, text, send(actionPath, text, token(by)), 200, "ILLEGAL_TRANSITION"));
        }
        return tally;
    }

    private HttpResponse<String> send(String path, String body, String token) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(gateway + path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * {@code done} counts as created, 409 as already present (for an action: only a 409 ILLEGAL_TRANSITION,
     * i.e. the agreement is already past it; any other 409 such as a lost race is a failure to report).
     */
    private Tally count(String path, String body, HttpResponse<String> response, int done, String conflictCode) {
        if (response.statusCode() == done) {
            return new Tally(1, 0);
        }
        if (response.statusCode() == 409 && (conflictCode == null || response.body().contains(conflictCode))) {
            return new Tally(0, 1);
        }
        throw new LoadFailed("POST " + path + " answered " + response.statusCode() + ": " + response.body()
                + "\n  request: " + body);
    }

    /** The entries of a classpath JSON array, each serialised with its source placeholders resolved. */
    List<String> requestBodies(String resource) throws IOException {
        JsonNode array;
        try (InputStream in = DemoLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new LoadFailed("classpath resource " + resource + " not found");
            }
            array = json.readTree(in);
        }
        if (!array.isArray()) {
            throw new LoadFailed(resource + " is not a JSON array");
        }
        List<String> bodies = new ArrayList<>();
        Instant now = Instant.now();
        for (JsonNode entry : array) {
            bodies.add(resolveNow(resolveSources(json.writeValueAsString(entry), sourceBaseUrl), now));
        }
        return bodies;
    }

    /** Replaces each {@code ${source:NAME}} with the base URL of that source system. */
    static String resolveSources(String text, Function<String, String> sourceBaseUrl) {
        Matcher m = SOURCE_PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String url = sourceBaseUrl.apply(m.group(1));
            if (url == null) {
                throw new LoadFailed("unknown source system '" + m.group(1) + "' in " + m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(url));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Replaces each {@code ${now+DURATION}} / {@code ${now-DURATION}} with that instant (ISO-8601, UTC). */
    static String resolveNow(String text, Instant now) {
        Matcher m = NOW_PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Duration offset;
            try {
                offset = Duration.parse(m.group(2));
            } catch (java.time.format.DateTimeParseException e) {
                throw new LoadFailed("not an ISO-8601 duration in " + m.group() + ": " + e.getMessage());
            }
            Instant at = "+".equals(m.group(1)) ? now.plus(offset) : now.minus(offset);
            m.appendReplacement(out, Matcher.quoteReplacement(at.truncatedTo(ChronoUnit.SECONDS).toString()));
        }
        m.appendTail(out);
        return out.toString();
    }

    static Function<String, String> sourceBaseUrls(List<SourceSystem> systems) {
        Map<String, String> urls = systems.stream().collect(Collectors.toMap(SourceSystem::name, SourceSystem::baseUrl));
        return urls::get;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    record Step(String path, String resource) {
    }

    record Tally(int created, int present) {
        Tally plus(Tally other) {
            return new Tally(created + other.created, present + other.present);
        }
    }

    static final class LoadFailed extends RuntimeException {
        LoadFailed(String message) {
            super(message);
        }
    }
}
