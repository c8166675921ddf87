package hub.citybrain.devstack.sources;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.MappingsLoaderExtension;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMappings;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Serves one source system's subjects from the in-memory world: a single low-priority catch-all stub per
 * route whose response this transformer fills by a map look-up, instead of one stub per subject.
 *
 * <p>Stubs added later through the admin API with a higher priority (a smaller number, e.g. 1) win over the
 * catch-all, which is how tests simulate a slow or failing source for one subject. Being a
 * {@link MappingsLoaderExtension}, the catch-all is loaded again after {@code POST /__admin/reset}.
 */
final class SubjectRoute implements ResponseDefinitionTransformerV2, MappingsLoaderExtension {

    static final String NAME = "citybrain-world";
    /** Admin-API stubs with priority 1..9 take precedence over the world. */
    static final int CATCH_ALL_PRIORITY = 10;
    static final String CONTENT_TYPE = "application/json;charset=UTF-8";

    private final String path;
    private final String queryParameter;
    private final SourceResponses.Bodies bodies;

    private SubjectRoute(String path, String queryParameter, SourceResponses.Bodies bodies) {
        this.path = path;
        this.queryParameter = queryParameter;
        this.bodies = bodies;
    }

    /** Subject key is the last path segment: {@code GET prefix{key}}. */
    static SubjectRoute pathSegment(String prefix, SourceResponses.Bodies bodies) {
        return new SubjectRoute(prefix, null, bodies);
    }

    /** Subject key is a query parameter: {@code GET path?param={key}}. */
    static SubjectRoute queryParameter(String path, String parameter, SourceResponses.Bodies bodies) {
        return new SubjectRoute(path, parameter, bodies);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public void loadMappingsInto(StubMappings stubMappings) {
        var matcher = queryParameter == null
                ? get(urlPathMatching(Pattern.quote(path) + "[^/]+"))
                : get(urlPathEqualTo(path));
        stubMappings.addMapping(matcher.atPriority(CATCH_ALL_PRIORITY)
                .withName("world: " + path)
                .willReturn(aResponse().withTransformers(NAME))
                .build());
        // Anything else answers a JSON 404 too, rather than WireMock's plain-text near-miss report.
        stubMappings.addMapping(any(anyUrl()).atPriority(100)
                .withName("world: no route")
                .willReturn(json(404, SourceResponses.error(JsonNodeFactory.instance.objectNode()
                        .put("error", "NO_ROUTE").put("message", "no such endpoint"))))
                .build());
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        String key = subjectKey(serveEvent.getRequest());
        if (key == null || key.isBlank()) {
            return json(400, SourceResponses.error(JsonNodeFactory.instance.objectNode()
                    .put("error", "BAD_REQUEST").put("message", queryParameter + " is required"))).build();
        }
        byte[] body = bodies.bySubject().get(key);
        return body == null ? json(404, bodies.notFound().apply(key)).build() : json(200, body).build();
    }

    private String subjectKey(Request request) {
        if (queryParameter != null) {
            QueryParameter parameter = request.queryParameter(queryParameter);
            return parameter.isPresent() ? parameter.firstValue() : null;
        }
        String url = request.getUrl();
        int query = url.indexOf('?');
        String requestPath = query < 0 ? url : url.substring(0, query);
        return URLDecoder.decode(requestPath.substring(path.length()), StandardCharsets.UTF_8);
    }

    private static ResponseDefinitionBuilder json(int status, byte[] body) {
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(status)
                .withHeader("Content-Type", CONTENT_TYPE)
                .withBody(body);
    }
}
