package hub.citybrain.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import hub.citybrain.devstack.sources.SourceSystems;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DemoLoaderTest {

    private static final Function<String, String> SOURCES =
            DemoLoader.sourceBaseUrls(SourceSystems.layout("127.0.0.1", 8301));

    @Nested
    class SourcePlaceholders {

        @Test
        void shouldReplaceEachPlaceholderWithTheBaseUrlAtTheSourcesOffset() {
            String resolved = DemoLoader.resolveSources(
                    "{\"a\":\"${source:national-population}\",\"b\":\"${source:township-grid-office}/x\"}", SOURCES);

            assertThat(resolved).isEqualTo("{\"a\":\"http://127.0.0.1:8301\",\"b\":\"http://127.0.0.1:8307/x\"}");
        }

        @Test
        void shouldRefuseAnUnknownSource() {
            assertThatThrownBy(() -> DemoLoader.resolveSources("${source:no-such-system}", SOURCES))
                    .isInstanceOf(DemoLoader.LoadFailed.class)
                    .hasMessageContaining("no-such-system");
        }

        @Test
        void shouldResolveEveryPlaceholderOfTheShippedDemoData() throws IOException {
            DemoLoader loader = new DemoLoader("http://gw", "http://token", SOURCES);

            List<String> bodies = loader.requestBodies("demo/catalog.json");
            bodies.addAll(loader.requestBodies("demo/agreements.json"));

            assertThat(bodies).isNotEmpty().noneMatch(body -> body.contains("${source:"));
            assertThat(String.join("\n", bodies)).contains("http://127.0.0.1:8301");
        }
    }

    @Nested
    class AgainstAGateway {

        private HttpServer server;
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private final Set<String> existing = ConcurrentHashMap.newKeySet();
        private volatile int forcedStatus;

        @BeforeEach
        void startFakeGatewayAndKeycloak() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/token", exchange -> {
                String form = body(exchange);
                boolean valid = form.contains("client_id=hub.data-authority")
                        && form.contains("client_secret=demo-secret-hub.data-authority")
                        && form.contains("grant_type=client_credentials");
                respond(exchange, valid ? 200 : 401, valid ? "{\"access_token\":\"tok-1\",\"token_type\":\"Bearer\"}" : "{}");
            });
            server.createContext("/api/v1/", exchange -> {
                String body = body(exchange);
                requests.add(exchange.getRequestURI().getPath());
                if (!"Bearer tok-1".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    respond(exchange, 401, "");
                } else if (forcedStatus != 0) {
                    respond(exchange, forcedStatus, "{\"code\":\"BROKEN\"}");
                } else {
                    respond(exchange, existing.add(body) ? 201 : 409, "{}");
                }
            });
            server.start();
        }

        @AfterEach
        void stop() {
            server.stop(0);
        }

        private DemoLoader loader() {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            return new DemoLoader(base, base + "/token", SOURCES);
        }

        @Test
        void shouldPostDepartmentsThenCatalogThenAgreementsWithTheDataAuthoritysToken() throws Exception {
            DemoLoader.Tally tally = loader().load();

            assertThat(tally.created()).isEqualTo(requests.size()).isPositive();
            assertThat(tally.present()).isZero();
            assertThat(requests).containsSubsequence(
                    "/api/v1/departments", "/api/v1/catalog/resources", "/api/v1/agreements");
            assertThat(requests.lastIndexOf("/api/v1/departments"))
                    .isLessThan(requests.indexOf("/api/v1/catalog/resources"));
            assertThat(requests.lastIndexOf("/api/v1/catalog/resources"))
                    .isLessThan(requests.indexOf("/api/v1/agreements"));
        }

        @Test
        void shouldCountConflictsAsAlreadyPresentWhenLoadingAgain() throws Exception {
            DemoLoader.Tally first = loader().load();
            DemoLoader.Tally second = loader().load();

            assertThat(second).isEqualTo(new DemoLoader.Tally(0, first.created()));
        }

        @Test
        void shouldFailWithTheStatusAndBodyOfAnyOtherAnswer() {
            forcedStatus = 400;

            assertThatThrownBy(() -> loader().load())
                    .isInstanceOf(DemoLoader.LoadFailed.class)
                    .hasMessageContaining("answered 400")
                    .hasMessageContaining("BROKEN");
        }

        private static String body(HttpExchange exchange) throws IOException {
            return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        }

        private static void respond(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().put("Content-Type", List.of("application/json"));
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        }
    }
}
