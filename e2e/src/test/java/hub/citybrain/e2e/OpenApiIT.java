package hub.citybrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * The services' OpenAPI documents are public through the gateway (they describe, they expose no data), are valid
 * OpenAPI 3 with no parser message, and say that every operation needs a bearer JWT; Swagger UI browses them.
 */
@ExtendWith(EmbeddedStack.class)
@DisplayName("OpenAPI documents through the gateway")
class OpenApiIT {

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "registry, /api/v1/agreements", "sharing, /api/v1/queries" })
    @DisplayName("each service's document loads without a token and validates as OpenAPI 3")
    void shouldServeAValidDocument(String service, String path) {
        Http.Response response = Http.get(EmbeddedStack.gateway() + "/v3/api-docs/" + service, null);
        assertThat(response.status()).as(response.raw()).isEqualTo(200);

        SwaggerParseResult parsed = new OpenAPIParser().readContents(response.raw(), null, null);

        assertThat(parsed.getMessages()).as("parser messages").isEmpty();
        OpenAPI api = parsed.getOpenAPI();
        assertThat(api.getOpenapi()).startsWith("3.");
        assertThat(api.getPaths()).containsKey(path);
        SecurityScheme bearer = api.getComponents().getSecuritySchemes().get("bearer-jwt");
        assertThat(bearer.getType()).isEqualTo(SecurityScheme.Type.HTTP);
        assertThat(bearer.getScheme()).isEqualTo("bearer");
        assertThat(api.getSecurity()).anyMatch(requirement -> requirement.containsKey("bearer-jwt"));
    }

    @Test
    @DisplayName("Swagger UI on the gateway lists both documents")
    void shouldBrowseTheDocumentsWithSwaggerUi() throws Exception {
        // as a browser would: the entry page redirects to the UI (a client of its own that follows redirects)
        HttpResponse<String> page = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                .send(HttpRequest.newBuilder(URI.create(EmbeddedStack.gateway() + "/swagger-ui.html"))
                        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        Http.Response config = Http.get(EmbeddedStack.gateway() + "/v3/api-docs/swagger-config", null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().getPath()).endsWith("/swagger-ui/index.html");
        assertThat(page.body()).contains("swagger-ui");
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.body().path("urls").findValuesAsText("url"))
                .contains("/v3/api-docs/registry", "/v3/api-docs/sharing");
    }
}
