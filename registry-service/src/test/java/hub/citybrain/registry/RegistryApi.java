package hub.citybrain.registry;

import java.util.function.IntSupplier;

import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import hub.citybrain.testsupport.TestClients;

/** The registry's HTTP API as its tests call it: JSON bodies (or none), with a bearer token or without one. */
final class RegistryApi {

    private final IntSupplier port;
    private WebTestClient http;

    /** As a bean of the test's context ({@link RegistryApiIT.TrustTestTokens}): the port is known once it serves. */
    RegistryApi(Environment environment) {
        this.port = () -> environment.getRequiredProperty("local.server.port", Integer.class);
    }

    WebTestClient http() {
        if (http == null) {
            http = TestClients.local(port.getAsInt());
        }
        return http;
    }

    /** POSTs {@code body} as JSON ({@link RegistryMother.Body} as its JSON; {@code null}: no body). */
    WebTestClient.ResponseSpec post(String path, String token, Object body) {
        var request = http().post().uri(path).contentType(MediaType.APPLICATION_JSON);
        if (token != null) {
            request = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        if (body == null) {
            return request.exchange();
        }
        return request.bodyValue(body instanceof RegistryMother.Body b ? b.json() : body).exchange();
    }

    WebTestClient.ResponseSpec get(String path, String token) {
        var request = http().get().uri(path);
        if (token != null) {
            request = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        return request.exchange();
    }
}
