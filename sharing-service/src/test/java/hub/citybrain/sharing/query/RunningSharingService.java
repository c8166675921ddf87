package hub.citybrain.sharing.query;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import hub.citybrain.identity.TrustedTestTokens;
import hub.citybrain.testsupport.TestTokens;
import hub.citybrain.sharing.SharingApplication;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole sharing service started as a process would start it, for tests that need to stop and start it again
 * (or to drive it outside JUnit Jupiter's Spring extension, as jqwik properties do). It trusts {@link TestTokens}
 * instead of Keycloak; everything else is real: its Kafka listeners, MongoDB, its HTTP API. Public for the
 * restart tests of other features.
 */
public final class RunningSharingService implements AutoCloseable {

    public static final String HMAC_KEY = "test-only-hmac-key-0123456789";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ConfigurableApplicationContext context;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    private RunningSharingService(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public static RunningSharingService start(TestTokens tokens, String kafka, String mongoUri, String... properties) {
        // as command-line arguments: they must win over application.yml, as the environment would
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0", "--spring.kafka.bootstrap-servers=" + kafka,
                "--spring.mongodb.uri=" + mongoUri, "--citybrain.sharing.subject-hmac-key=" + HMAC_KEY,
                "--citybrain.outbox.interval=100ms", "--spring.main.banner-mode=off"));
        Arrays.stream(properties).map(p -> "--" + p).forEach(arguments::add);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SharingApplication.class)
                .initializers(ctx -> ((GenericApplicationContext) ctx).registerBean("testJwtDecoder",
                        ReactiveJwtDecoder.class, () -> TrustedTestTokens.decoder(tokens), bd -> bd.setPrimary(true)))
                .run(arguments.toArray(String[]::new));
        return new RunningSharingService(context);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** POSTs a query for {@link PolicyMother#PURPOSE}; answers the status and the parsed body. */
    public Response query(String token, String subjectKey, List<String> fields) {
        return query(token, subjectKey, fields, PolicyMother.PURPOSE);
    }

    /** POSTs a query made for {@code purpose}; answers the status and the parsed body. */
    public Response query(String token, String subjectKey, List<String> fields, String purpose) {
        return post(token, "/api/v1/queries", Map.of("subjectType", "PERSON", "subjectKey", subjectKey,
                "fields", fields, "purpose", purpose));
    }

    /**
     * POSTs NDJSON lines to the batch endpoint and waits for the whole answer (fine for the few lines tests send);
     * answers the status and the parsed answer lines.
     */
    public BatchResponse batch(String token, List<?> lines) {
        StringBuilder body = new StringBuilder();
        lines.forEach(line -> body.append(JSON.writeValueAsString(line)).append('\n'));
        HttpRequest request = request(token, "/api/v1/queries/batch").header("Content-Type", "application/x-ndjson")
                .header("Accept", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            List<JsonNode> answered = new ArrayList<>();
            for (String line : response.body().split("\n")) {
                if (!line.isBlank()) {
                    answered.add(JSON.readTree(line));
                }
            }
            return new BatchResponse(response.statusCode(), answered);
        } catch (Exception e) {
            throw new IllegalStateException("batch failed: " + e, e);
        }
    }

    /** POSTs {@code body} as JSON to {@code path}; answers the status and the parsed body. */
    public Response post(String token, String path, Object body) {
        return send(request(token, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8))
                .build());
    }

    /** GETs {@code path} (with its query string); answers the status and the parsed body. */
    public Response get(String token, String path) {
        return send(request(token, path).GET().build());
    }

    private HttpRequest.Builder request(String token, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), JSON.readTree(response.body()));
        } catch (Exception e) {
            throw new IllegalStateException("request failed: " + e, e);
        }
    }

    @Override
    public void close() {
        context.close();
    }

    public record Response(int status, JsonNode body) {
    }

    public record BatchResponse(int status, List<JsonNode> lines) {
    }
}
