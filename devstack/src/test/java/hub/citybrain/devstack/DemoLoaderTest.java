package hub.citybrain.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import hub.citybrain.devstack.sources.SourceSystems;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        void shouldReplaceNowPlaceholdersWithInstantsRelativeToTheLoad() {
            Instant now = Instant.parse("2026-03-02T10:00:00Z");

            String resolved = DemoLoader.resolveNow("{\"a\":\"${now+PT5S}\",\"b\":\"${now-P30D}\"}", now);

            assertThat(resolved).isEqualTo("{\"a\":\"2026-03-02T10:00:05Z\",\"b\":\"2026-01-31T10:00:00Z\"}");
            assertThatThrownBy(() -> DemoLoader.resolveNow("${now+PT5Q}", now))
                    .isInstanceOf(DemoLoader.LoadFailed.class);
        }

        @Test
        void shouldDescribeAgreementsInEveryStateOfTheLifecycle() throws IOException {
            String agreements = String.join("\n", new DemoLoader("http://gw", "http://token", SOURCES)
                    .requestBodies("demo/agreements.json"));

            for (String action : List.of("approve", "reject", "suspend", "revoke")) {
                assertThat(agreements).contains("\"action\":\"" + action + "\"");
            }
            assertThat(agreements).doesNotContain("${now");
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
        private final List<String> bodies = new CopyOnWriteArrayList<>();
        private final List<String> callers = new CopyOnWriteArrayList<>();
        private final Set<String> existing = ConcurrentHashMap.newKeySet();
        private volatile int forcedStatus;

        @BeforeEach
        void startFakeGatewayAndKeycloak() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            // each demo client's published demo secret is demo-secret-<clientId>; its token here is tok-<clientId>
            server.createContext("/token", exchange -> {
                Matcher form = Pattern.compile("grant_type=client_credentials&client_id=([^&]+)&client_secret=([^&]+)")
                        .matcher(body(exchange));
                boolean valid = form.matches() && form.group(2).equals("demo-secret-" + form.group(1));
                respond(exchange, valid ? 200 : 401,
                        valid ? "{\"access_token\":\"tok-" + form.group(1) + "\",\"token_type\":\"Bearer\"}" : "{}");
            });
            server.createContext("/api/v1/", exchange -> {
                String body = body(exchange);
                String path = exchange.getRequestURI().getPath();
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                requests.add(path);
                bodies.add(body);
                callers.add(authorization);
                boolean action = path.matches("/api/v1/agreements/[^/]+/[a-z]+");
                if (authorization == null || !authorization.startsWith("Bearer tok-")) {
                    respond(exchange, 401, "");
                } else if (forcedStatus != 0) {
                    respond(exchange, forcedStatus, "{\"code\":\"BROKEN\"}");
                } else if (existing.add(path + " " + identity(body))) {
                    respond(exchange, action ? 200 : 201, "{}");
                } else {
                    respond(exchange, 409, action ? "{\"code\":\"ILLEGAL_TRANSITION\"}" : "{\"code\":\"EXISTS\"}");
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
        void shouldLetTheNamedProviderDecideAfterTheRequestWithItsOwnToken() throws Exception {
            loader().load();

            int request = requests.indexOf("/api/v1/agreements");
            int approval = requests.indexOf("/api/v1/agreements/agr-gaoyou-civil-affairs-disability/approve");
            assertThat(approval).isGreaterThan(request);
            assertThat(callers.get(approval)).isEqualTo("Bearer tok-yangzhou.disabled-persons-federation");
            assertThat(bodies.get(approval)).contains("\"reason\"");
            assertThat(callers.get(request)).isEqualTo("Bearer tok-hub.data-authority");
            assertThat(bodies.stream().filter(b -> b.contains("\"resourceId\""))).noneMatch(b -> b.contains("\"then\""));
            // the suspended one is approved first, then suspended, by the grid office
            int approve = requests.indexOf("/api/v1/agreements/agr-yangzhou-civil-affairs-floating-population/approve");
            int suspend = requests.indexOf("/api/v1/agreements/agr-yangzhou-civil-affairs-floating-population/suspend");
            assertThat(approve).isPositive().isLessThan(suspend);
            assertThat(callers.get(suspend)).isEqualTo("Bearer tok-chelu.grid-office");
        }

        @Test
        void shouldFailOnAConflictThatIsNotAnIllegalTransition() {
            forcedStatus = 409;

            assertThatThrownBy(() -> loader().load())
                    .isInstanceOf(DemoLoader.LoadFailed.class)
                    .hasMessageContaining("answered 409");
        }

        @Test
        void shouldFailWithTheStatusAndBodyOfAnyOtherAnswer() {
            forcedStatus = 400;

            assertThatThrownBy(() -> loader().load())
                    .isInstanceOf(DemoLoader.LoadFailed.class)
                    .hasMessageContaining("answered 400")
                    .hasMessageContaining("BROKEN");
        }

        /** Like the registry, an entry with an id is the same entry whatever else changed (e.g. relative times). */
        private static String identity(String body) {
            Matcher id = Pattern.compile("^\\{\"(?:id|code)\":\"([^\"]+)\"").matcher(body);
            return id.find() ? id.group(1) : body;
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
