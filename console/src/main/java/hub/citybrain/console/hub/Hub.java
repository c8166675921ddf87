package hub.citybrain.console.hub;

import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The hub's public API as the console uses it, always as the signed-in user. */
@Component
public class Hub {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    private final WebClient http;

    Hub(WebClient hubWebClient) {
        this.http = hubWebClient;
    }

    /** The agreements the user may see, filtered as the registry's list allows (null filters are left out). */
    public Flux<Agreement> agreements(Map<String, String> filters) {
        MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
        filters.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                query.add(name, value);
            }
        });
        return http.get().uri(uri -> uri.path("/api/v1/agreements").queryParams(query).build())
                .retrieve().onStatus(HttpStatusCode::isError, Hub::problem)
                .bodyToFlux(Agreement.class);
    }

    /** Reads the API's problem+json; an answer that is not one (a proxy's page) still becomes a problem. */
    static Mono<HubException> problem(ClientResponse response) {
        int status = response.statusCode().value();
        return response.bodyToMono(JSON)
                .map(body -> new HubProblem(status, text(body.get("code"), "HTTP_" + status),
                        text(body.get("title"), null), text(body.get("detail"), null), text(body.get("traceId"), null)))
                .onErrorResume(unreadable -> Mono.just(new HubProblem(status, "HTTP_" + status, null, null, null)))
                .defaultIfEmpty(new HubProblem(status, "HTTP_" + status, null, null, null))
                .map(HubException::new);
    }

    private static String text(Object value, String otherwise) {
        return value == null ? otherwise : value.toString();
    }
}
