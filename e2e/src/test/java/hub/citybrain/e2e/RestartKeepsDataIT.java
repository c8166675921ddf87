package hub.citybrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import hub.citybrain.devstack.world.DemoWorld;

/** `./citybrain down` stops everything it started; `./citybrain up` again finds every piece of data kept. */
@ExtendWith(EmbeddedStack.class)
@DisplayName("Stopping and starting the embedded stack")
class RestartKeepsDataIT {

    static final Map<String, Object> QUERY = Map.of("subjectType", "PERSON",
            "subjectKey", DemoWorld.SHOWCASE_ID_NUMBER, "fields", List.of("name", "gridCode"),
            "purpose", "SUBSISTENCE_REVIEW");

    @Test
    @DisplayName("down leaves no process behind, and up again keeps access records, agreements and tokens working")
    void shouldStopEverythingAndKeepDataAcrossRestart() throws Exception {
        String before = answeredQueryId(Tokens.clientCredentials("gaoyou.civil-affairs"));

        EmbeddedStack.down();

        assertThat(processesOfThisHome()).as("processes still running with this CITYBRAIN_HOME").isEmpty();
        for (int port : List.of(EmbeddedStack.GATEWAY, EmbeddedStack.KEYCLOAK, EmbeddedStack.REGISTRY,
                EmbeddedStack.SHARING, EmbeddedStack.KAFKA, EmbeddedStack.MONGO, EmbeddedStack.SOURCES)) {
            assertThat(listening(port)).as("port %d after down", port).isFalse();
        }

        EmbeddedStack.up();

        try (MongoClient mongo = MongoClients.create("mongodb://127.0.0.1:" + EmbeddedStack.MONGO)) {
            assertThat(mongo.getDatabase("sharing").getCollection("access_records")
                    .find(new Document("_id", before)).first()).as("access record from before the restart").isNotNull();
            List<String> demo = demoAgreementIds();
            assertThat(mongo.getDatabase("registry").getCollection("agreements")
                    .countDocuments(new Document("_id", new Document("$in", demo))))
                    .as("every demo agreement still there after the second load").isEqualTo(demo.size());
        }
        // Keycloak kept its realm, and the sharing service rebuilt its policy view from the compacted topics.
        String after = answeredQueryId(Tokens.clientCredentials("gaoyou.civil-affairs"));
        assertThat(after).isNotEqualTo(before);
    }

    private static String answeredQueryId(String token) {
        Http.Response response = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> Http.post(EmbeddedStack.gateway() + "/api/v1/queries", token, QUERY, Map.of()),
                        r -> r.status() == 200 && r.body().path("fields").has("gridCode"));
        return response.body().path("queryId").asText();
    }

    private static List<String> demoAgreementIds() throws IOException {
        try (var in = DemoWorld.class.getResourceAsStream("/demo/agreements.json")) {
            List<String> ids = new ArrayList<>();
            Http.JSON.readTree(in).forEach(a -> ids.add(a.path("id").asText()));
            assertThat(ids).doesNotContain("").doesNotHaveDuplicates();
            return ids;
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Every process whose environment names this stack's home: what the launcher started. */
    private static List<String> processesOfThisHome() throws IOException {
        String marker = "CITYBRAIN_HOME=" + EmbeddedStack.home();
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Paths.get("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String environ = new String(Files.readAllBytes(proc.resolve("environ")), StandardCharsets.UTF_8);
                    if (List.of(environ.split("\u0000")).contains(marker)
                            && ProcessHandle.current().pid() != Long.parseLong(proc.getFileName().toString())) {
                        found.add(proc.getFileName().toString() + " " + Files.readString(proc.resolve("comm")).trim());
                    }
                } catch (IOException | SecurityException gone) {
                    // the process ended while we looked, or is not ours to read
                }
            }
        }
        return found;
    }
}
