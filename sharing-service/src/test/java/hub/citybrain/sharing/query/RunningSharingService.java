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

import hub.citybrain.identity.TestTokens;
import hub.citybrain.sharing.SharingApplication;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole sharing service started as a process would start it, for tests that need to stop and start it again
 * (or to drive it outside JUnit Jupiter's Spring extension, as jqwik properties do). It trusts {@link TestTokens}
 * instead of Keycloak; everything else is real: its Kafka listeners, MongoDB, its HTTP API.
 */
final class RunningSharingService implements AutoCloseable {

    static final String HMAC_KEY = "test-only-hmac-key-0123456789";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ConfigurableApplicationContext context;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    private RunningSharingService(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    static RunningSharingService start(TestTokens tokens, String kafka, String mongoUri, String... properties) {
        // as command-line arguments: they must win over application.yml, as the environment would
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.kafka.bootstrap-servers=" + kafka,
                "--spring.mongodb.uri=" + mongoUri, "--citybrain.sharing.subject-hmac-key=" + HMAC_KEY,
                "--citybrain.outbox.interval=100ms", "--spring.main.banner-mode=off"));
        Arrays.stream(properties).map(p -> "--" + p).forEach(arguments::add);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SharingApplication.class)
                .initializers(ctx -> ((GenericApplicationContext) ctx).registerBean("testJwtDecoder",
                        ReactiveJwtDecoder.class, tokens::decoder, bd -> bd.setPrimary(true)))
                .run(arguments.toArray(String[]::new));
        return new RunningSharingService(context);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** POSTs a query; answers the status and the parsed body. */
    Response query(String token, String subjectKey, List<String> fields) {
        String body = JSON.writeValueAsString(Map.of("subjectType", "PERSON", "subjectKey", subjectKey,
                "fields", fields, "purpose", "SOCIAL_ASSISTANCE"));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/queries"))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), JSON.readTree(response.body()));
        } catch (Exception e) {
            throw new IllegalStateException("query failed: " + e, e);
        }
    }

    @Override
    public void close() {
        context.close();
    }

    record Response(int status, JsonNode body) {
    }
}
