package hub.citybrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import hub.citybrain.devstack.world.DemoWorld;
import hub.citybrain.devstack.world.Person;

/** The fact cache and the batch endpoint, through the gateway, on the real stack. */
@ExtendWith(EmbeddedStack.class)
@DisplayName("Cached and batch queries through the gateway")
@Order(Integer.MAX_VALUE) // last: see junit-platform.properties
class CachedAndBatchQueryIT {

    static final DemoWorld WORLD = DemoWorld.generate();

    @Test
    @DisplayName("a repeated query is served from the cache until the source announces a change")
    void shouldServeTheRepeatFromTheCacheUntilAChangeNotice() {
        String token = Tokens.clientCredentials("yangzhou.civil-affairs");
        Person person = WORLD.persons().get(WORLD.persons().size() / 2);
        Map<String, Object> query = Map.of("subjectType", "PERSON", "subjectKey", person.idNumber(),
                "fields", List.of("name", "birthDate"), "purpose", "MARRIAGE_REGISTRATION");

        Http.Response first = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> Http.post(EmbeddedStack.gateway() + "/api/v1/queries", token, query, Map.of()),
                        r -> r.status() == 200 && r.body().path("fields").has("name"));
        Http.Response second = Http.post(EmbeddedStack.gateway() + "/api/v1/queries", token, query, Map.of());

        assertThat(first.body().path("fields").path("name").path("value").asText()).isEqualTo(person.name());
        assertThat(second.body().path("fields").path("name").path("cached").asBoolean()).isTrue();
        assertThat(second.body().path("fields").path("name").path("collectedAt"))
                .isEqualTo(first.body().path("fields").path("name").path("collectedAt"));

        SourceChangeNotices.announce("res-national-population-person", "PERSON", person.idNumber());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode name = Http.post(EmbeddedStack.gateway() + "/api/v1/queries", token, query, Map.of()).body()
                    .path("fields").path("name");
            assertThat(name.path("cached").asBoolean()).isFalse();
            assertThat(name.path("value").asText()).isEqualTo(person.name());
        });
    }

    /**
     * Ten thousand subjects, five fields each, streamed through the gateway: the request is generated as it is
     * sent and the answer read line by line as it arrives. The sharing service's heap is read before and after
     * (jcmd, after a full GC) and written to e2e/target/batch-through-gateway.txt: a figure to report, not a
     * limit to assert.
     */
    @Test
    @DisplayName("a batch of 10,000 subjects streams through the gateway, one line per subject")
    void shouldStreamTenThousandSubjectsThroughTheGateway() throws Exception {
        int subjects = Integer.getInteger("citybrain.batch.subjects", 10_000);
        String token = Tokens.clientCredentials("yangzhou.civil-affairs");
        List<Person> persons = WORLD.persons();
        long pid = Long.parseLong(Files.readString(EmbeddedStack.home().resolve("run/sharing.pid")).trim());
        String heapBefore = heap(pid);

        // real demo persons first (their facts come from the source, then from the cache), then persons the
        // registry does not know (NOT_FOUND from the source, every time)
        IntFunction<String> subject = i -> i < persons.size() ? persons.get(i).idNumber()
                : String.format("3210841990%08d", i);
        HttpRequest request = HttpRequest.newBuilder(URI.create(EmbeddedStack.gateway() + "/api/v1/queries/batch"))
                .timeout(Duration.ofMinutes(15))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> lazily(subjects, i -> line(subject.apply(i)))))
                .build();
        long started = System.nanoTime();
        var pending = HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());

        HttpResponse<InputStream> response = pending.get(2, TimeUnit.MINUTES);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/x-ndjson"));
        BitSet seen = new BitSet(subjects + 1);
        int answered = 0;
        int withFields = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String text = lines.readLine(); text != null; text = lines.readLine()) {
                JsonNode line = Http.JSON.readTree(text);
                int number = line.path("line").asInt();
                seen.set(number);
                assertThat(line.path("subjectKey").asText()).as("line %d answers its own subject", number)
                        .isEqualTo(subject.apply(number - 1));
                if (line.path("status").asInt() == 200) {
                    answered++;
                    if (line.path("answer").path("fields").size() == 5) {
                        withFields++;
                    }
                }
            }
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        String heapAfter = heap(pid);

        assertThat(seen.cardinality()).isEqualTo(subjects);
        assertThat(seen.nextSetBit(0)).isEqualTo(1);
        assertThat(answered).isEqualTo(subjects);
        assertThat(withFields).isEqualTo(Math.min(subjects, persons.size()));
        String report = String.format("batch of %d subjects x 5 fields through the gateway: %d ms (%.0f subjects/s)%n"
                + "sharing-service heap before: %s%nsharing-service heap after:  %s%n", subjects, elapsedMs,
                subjects * 1000.0 / elapsedMs, heapBefore, heapAfter);
        System.out.print(report);
        Files.writeString(Path.of("target", "batch-through-gateway.txt"), report);
    }

    /** The body made one line at a time as the client reads it: the sender never holds the batch. */
    static InputStream lazily(int lines, IntFunction<String> line) {
        return new SequenceInputStream(new Enumeration<InputStream>() {
            int next;

            @Override
            public boolean hasMoreElements() {
                return next < lines;
            }

            @Override
            public InputStream nextElement() {
                return new ByteArrayInputStream(line.apply(next++).getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    static String line(String subjectKey) {
        return "{\"subjectType\":\"PERSON\",\"subjectKey\":\"" + subjectKey + "\",\"fields\":[\"name\",\"gender\","
                + "\"ethnicity\",\"birthDate\",\"householdAddress\"],\"purpose\":\"MARRIAGE_REGISTRATION\"}\n";
    }

    /** The heap line of {@code jcmd GC.heap_info} after a full GC: what the process really holds. */
    static String heap(long pid) throws Exception {
        run("jcmd", String.valueOf(pid), "GC.run");
        String info = run("jcmd", String.valueOf(pid), "GC.heap_info");
        Iterator<String> lines = info.lines().iterator();
        while (lines.hasNext()) {
            String l = lines.next().trim();
            if (l.contains("heap") && l.contains("used")) {
                return l;
            }
        }
        return info.strip();
    }

    static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
