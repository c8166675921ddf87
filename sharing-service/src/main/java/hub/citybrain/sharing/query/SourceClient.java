package hub.citybrain.sharing.query;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls one source system over HTTP and maps its own JSON onto catalog fields with the connector's JSON Pointers.
 * Every failure becomes a reason, never an exception: a bad source costs only its own fields.
 */
@Component
class SourceClient {

    private static final Logger log = LoggerFactory.getLogger(SourceClient.class);

    private final WebClient http;
    private final JsonMapper json;

    SourceClient(WebClient.Builder builder, JsonMapper json) {
        HttpClient client = HttpClient.create().option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000);
        this.http = builder.clone().clientConnector(new ReactorClientHttpConnector(client)).build();
        this.json = json;
    }

    Mono<SourceResult> fetch(Plan.SourceCall call, String subjectKey) {
        var connector = call.resource().connector();
        URI uri = URI.create(connector.baseUrl() + connector.pathTemplate()
                .replace("{subjectKey}", pathSegment(subjectKey)));
        return http.get().uri(uri).accept(MediaType.APPLICATION_JSON)
                .exchangeToMono(response -> read(call, response))
                .timeout(Duration.ofMillis(connector.timeoutMs()))
                .onErrorResume(TimeoutException.class, e -> Mono.just(SourceResult.failed(call, UnavailableReason.TIMEOUT)))
                .onErrorResume(e -> {
                    log.warn("Source {} failed: {}", call.resource().id(), e.toString());
                    return Mono.just(SourceResult.failed(call, UnavailableReason.SOURCE_ERROR));
                });
    }

    /** URLEncoder is for forms: it writes a space as '+', which a path reads back as a literal plus. */
    static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Mono<SourceResult> read(Plan.SourceCall call, ClientResponse response) {
        if (response.statusCode().value() == HttpStatus.NOT_FOUND.value()) {
            return response.releaseBody().thenReturn(SourceResult.failed(call, UnavailableReason.NOT_FOUND));
        }
        if (!response.statusCode().is2xxSuccessful()) {
            return response.releaseBody().thenReturn(SourceResult.failed(call, UnavailableReason.SOURCE_ERROR));
        }
        MediaType type = response.headers().contentType().orElse(null);
        if (type == null || !(MediaType.APPLICATION_JSON.isCompatibleWith(type) || type.getSubtype().endsWith("+json"))) {
            return response.releaseBody().thenReturn(SourceResult.failed(call, UnavailableReason.BAD_RESPONSE));
        }
        return response.bodyToMono(String.class)
                .map(body -> map(call, body))
                .defaultIfEmpty(SourceResult.failed(call, UnavailableReason.BAD_RESPONSE));
    }

    SourceResult map(Plan.SourceCall call, String body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            return SourceResult.failed(call, UnavailableReason.BAD_RESPONSE);
        }
        if (root == null || !root.isObject()) {
            return SourceResult.failed(call, UnavailableReason.BAD_RESPONSE);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (String field : call.fields()) {
            String pointer = call.resource().connector().mapping().get(field);
            JsonNode node = pointer == null ? null : root.at(pointer);
            // A field the source does not carry for this subject is a known absence: value null, with provenance.
            values.put(field, node == null || node.isMissingNode() || node.isNull() ? null
                    : json.treeToValue(node, Object.class));
        }
        return SourceResult.success(call, values, Instant.now());
    }
}
