package hub.citybrain.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

/**
 * The fault suite's tools (issue 14; {@code chaos/run} drives them):
 *
 * <pre>
 * Chaos load --gateway URL --token-url URL --out FILE --stop-file FILE --max-seconds N --rate R --profile steady|soak
 *            --query-body JSON --subject-offset K [--quota-body JSON --batch-fields a,b --purpose P]
 * Chaos agreements --mongo URI                      prints the registry's agreement count
 * Chaos analyse --dir DIR --mongo URI --label L [--normal-ms 2000]   prints one FAULT or SOAK line for raw.txt
 * </pre>
 *
 * {@code load} drives the stack through its gateway on the {@link OpenLoop} schedule with pooled keep-alive
 * connections (one JDK HttpClient) and a real Keycloak token (refreshed every minute; a failed refresh keeps the
 * token it has, which is what a client does while Keycloak is away). It writes one line per request to FILE:
 * {@code stream seq due_epoch_ms latency_ms status query_id denied unavailable error}. {@code steady} is one stream of
 * queries; {@code soak} adds 401s and 403s with and without a body, 429s (an agreement whose daily quota is spent)
 * and NDJSON batches. {@code analyse} turns that file, the fault's {@code events.txt} ({@code key=epoch_ms}) and the
 * stack's MongoDB (access records, audit log, agreements) into the figures of {@code chaos/RESULTS.md}.
 */
public final class Chaos {

    /** A valid resource registration (the consumer lacks the role for it): validation passes, authorization refuses. */
    static final String FORBIDDEN_RESOURCE = "{\"id\":\"res-chaos-forbidden\",\"title\":{\"zh\":\"故障\",\"en\":\"chaos\"},"
            + "\"holder\":\"national.population-registry\",\"subjectType\":\"PERSON\",\"subjectKey\":\"ID_NUMBER\",\"updateCycle\":\"P1D\","
            + "\"fields\":[{\"name\":\"chaosF\",\"type\":\"STRING\",\"description\":\"chaos\",\"sensitivity\":\"PERSONAL\","
            + "\"sharing\":\"UNCONDITIONAL\",\"authoritative\":true}],\"connector\":{\"baseUrl\":\"http://127.0.0.1:1\","
            + "\"pathTemplate\":\"/x/{subjectKey}\",\"timeoutMs\":2000,\"mapping\":{\"chaosF\":\"/f\"}}}";

    private static final Pattern QUERY_ID = Pattern.compile("\"queryId\"\\s*:\\s*\"([^\"]+)\"");

    private Chaos() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        switch (args[0]) {
            case "load" -> load(o);
            case "agreements" -> {
                try (MongoClient mongo = MongoClients.create(o.get("mongo"))) {
                    System.out.println(mongo.getDatabase("registry").getCollection("agreements").countDocuments());
                }
            }
            case "analyse" -> analyse(o);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
        System.exit(0);
    }

    // --- load --------------------------------------------------------------------------------------------------------

    /** One kind of request at its own rate; {@code expect} is the status a healthy hub gives it. */
    record Stream(String name, double rate, int expect, String method, String path, String auth, String body,
            String contentType) {
    }

    static void load(Map<String, String> o) throws Exception {
        String gateway = o.get("gateway");
        double rate = Double.parseDouble(o.getOrDefault("rate", "30"));
        long maxSeconds = Long.parseLong(o.getOrDefault("max-seconds", "3600"));
        long offset = Long.parseLong(o.getOrDefault("subject-offset", "0"));
        Path stopFile = Path.of(o.get("stop-file"));
        Tokens tokens = new Tokens(o.get("token-url"), o.getOrDefault("client", "gaoyou.civil-affairs"));

        List<Stream> streams = new ArrayList<>();
        streams.add(new Stream("query", rate, 200, "POST", "/api/v1/queries", "token", o.get("query-body"), "application/json"));
        if ("soak".equals(o.get("profile"))) {
            String query = o.get("query-body");
            streams.add(new Stream("401-body", 2, 401, "POST", "/api/v1/queries", "none", query, "application/json"));
            streams.add(new Stream("401-nobody", 2, 401, "GET", "/api/v1/audit/records", "bad", null, null));
            // a consumer may propose agreements (201), but registering a resource of another department needs a role it lacks
            streams.add(new Stream("403-body", 1, 403, "POST", "/api/v1/catalog/resources", "token", FORBIDDEN_RESOURCE, "application/json"));
            streams.add(new Stream("403-nobody", 1, 403, "GET", "/api/v1/audit/records", "token", null, null));
            streams.add(new Stream("429", 2, 429, "POST", "/api/v1/queries", "token", o.get("quota-body"), "application/json"));
            StringBuilder ndjson = new StringBuilder();
            String fields = "\"" + String.join("\",\"", o.get("batch-fields").split(",")) + "\"";
            for (int i = 0; i < 20; i++) {
                ndjson.append("{\"subjectType\":\"PERSON\",\"subjectKey\":\"{subject").append(i).append("}\",\"fields\":[")
                        .append(fields).append("],\"purpose\":\"").append(o.get("purpose")).append("\"}\n");
            }
            streams.add(new Stream("batch", 0.2, 200, "POST", "/api/v1/queries/batch", "token", ndjson.toString(),
                    "application/x-ndjson"));
        }

        HttpClient client = HttpClients.pooled("chaos-client");
        long epochMinusNano = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        long endNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        try (BufferedWriter out = Files.newBufferedWriter(Path.of(o.get("out")))) {
            List<Thread> threads = new ArrayList<>();
            for (int s = 0; s < streams.size(); s++) {
                Stream stream = streams.get(s);
                // distinct subjects per stream and request: every query misses the fact cache and calls its sources
                long subjects = offset + s * 100_000L;
                long step = "batch".equals(stream.name()) ? 20 : 1;
                Thread t = new Thread(() -> {
                    OpenLoop loop = new OpenLoop(stream.rate(), 5000);
                    try {
                        loop.run(Long.MAX_VALUE, 0, () -> System.nanoTime() > endNanos || Files.exists(stopFile),
                                (i, due) -> send(client, gateway, tokens, stream, subjects + i * step, i, due, epochMinusNano, out),
                                60);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "stream-" + stream.name());
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    static CompletableFuture<?> send(HttpClient client, String gateway, Tokens tokens, Stream stream, long subject,
            long seq, long due, long epochMinusNano, BufferedWriter out) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + stream.path()))
                .timeout(Duration.ofSeconds(30));
        switch (stream.auth()) {
            case "token" -> request.header("Authorization", "Bearer " + tokens.current());
            case "bad" -> request.header("Authorization", "Bearer not.a-valid.token");
            default -> {
            }
        }
        if (stream.body() != null) {
            String body = stream.body().replace("{subject}", IdNumbers.of(subject));
            for (int k = 0; k < 20; k++) {
                body = body.replace("{subject" + k + "}", IdNumbers.of(subject + k));
            }
            request.header("Content-Type", stream.contentType()).POST(HttpRequest.BodyPublishers.ofString(body));
            if (stream.contentType().contains("ndjson")) {
                request.header("Accept", "application/x-ndjson");
            }
        } else if ("POST".equals(stream.method())) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.GET();
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            double latencyMs = (System.nanoTime() - due) / 1e6;
            long dueMs = (due + epochMinusNano) / 1_000_000L;
            List<String> lines = new ArrayList<>();
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                String kind = cause instanceof HttpTimeoutException ? "timeout" : cause.getClass().getSimpleName();
                lines.add(line(stream.name(), seq, dueMs, latencyMs, 0, "-", 0, 0, kind));
            } else {
                String body = response.body();
                int status = response.statusCode();
                if ("batch".equals(stream.name())) {
                    // one line for the batch; one per answered subject, so that its access record is counted too
                    int failed = 0;
                    for (String item : body.split("\n")) {
                        if (item.isBlank()) {
                            continue;
                        }
                        Matcher m = QUERY_ID.matcher(item);
                        if (item.contains("\"status\":200") && m.find()) {
                            lines.add(line("batch-item", seq, dueMs, latencyMs, 200, m.group(1), 0, 0, "-"));
                        } else {
                            failed++;
                        }
                    }
                    lines.add(0, line(stream.name(), seq, dueMs, latencyMs, status, "-", 0, failed, "-"));
                } else {
                    Matcher m = QUERY_ID.matcher(body);
                    String queryId = status / 100 == 2 && m.find() ? m.group(1) : "-";
                    int denied = body.contains("\"denied\":[{") ? 1 : 0;
                    int unavailable = body.contains("\"unavailable\":[{") ? 1 : 0;
                    lines.add(line(stream.name(), seq, dueMs, latencyMs, status, queryId, denied, unavailable, "-"));
                }
            }
            synchronized (out) {
                try {
                    for (String l : lines) {
                        out.write(l);
                    }
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return null;
        });
    }

    static String line(String stream, long seq, long dueMs, double latencyMs, int status, String queryId, int denied,
            int unavailable, String error) {
        return String.format("%s\t%d\t%d\t%.1f\t%d\t%s\t%d\t%d\t%s%n", stream, seq, dueMs, latencyMs, status, queryId,
                denied, unavailable, error);
    }

    /** A client-credentials token, refreshed every minute; a failed refresh keeps the last good one. */
    static final class Tokens {
        private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
        private final HttpClient client = HttpClient.newHttpClient();
        private final String url, form;
        private volatile String token = "none";

        Tokens(String url, String clientId) {
            this.url = url;
            this.form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                    + "&client_secret=" + URLEncoder.encode("demo-secret-" + clientId, StandardCharsets.UTF_8);
            refresh();
            Thread t = new Thread(() -> {
                while (true) {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    refresh();
                }
            }, "token-refresh");
            t.setDaemon(true);
            t.start();
        }

        private void refresh() {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
                Matcher m = ACCESS_TOKEN.matcher(r.body());
                if (r.statusCode() == 200 && m.find()) {
                    token = m.group(1);
                    return;
                }
                System.err.println("token refresh answered " + r.statusCode() + "; keeping the last token");
            } catch (Exception e) {
                System.err.println("token refresh failed (" + e + "); keeping the last token");
            } 
        }

        String current() {
            return token;
        }
    }

    // --- analyse -------------------------------------------------------------------------------------------------------

    record Req(String stream, long seq, long dueMs, double latencyMs, int status, String queryId, int denied,
            int unavailable, String error) {

        boolean normal(double normalMs) {
            return status / 100 == 2 && denied == 0 && unavailable == 0 && latencyMs <= normalMs;
        }
    }

    static void analyse(Map<String, String> o) throws Exception {
        Path dir = Path.of(o.get("dir"));
        double normalMs = Double.parseDouble(o.getOrDefault("normal-ms", "2000"));
        Map<String, Long> events = new LinkedHashMap<>();
        for (String l : Files.readAllLines(dir.resolve("events.txt"))) {
            int eq = l.indexOf('=');
            if (eq > 0) {
                events.put(l.substring(0, eq), Long.parseLong(l.substring(eq + 1).trim()));
            }
        }
        List<Req> all = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve("requests.tsv"))) {
            String[] f = l.split("\t");
            if (f.length == 9) {
                all.add(new Req(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), Double.parseDouble(f[3]),
                        Integer.parseInt(f[4]), f[5], Integer.parseInt(f[6]), Integer.parseInt(f[7]), f[8]));
            }
        }
        List<Req> queries = all.stream().filter(r -> r.stream().equals("query")).toList();
        List<Req> requests = all.stream().filter(r -> !r.stream().equals("batch-item")).toList();
        StringBuilder out = new StringBuilder(o.containsKey("soak") ? "SOAK" : "FAULT");
        out.append(" label=").append(o.get("label"));
        out.append(" sent=").append(requests.size());
        out.append(" s2xx=").append(requests.stream().filter(r -> r.status() / 100 == 2).count());
        out.append(" s4xx=").append(requests.stream().filter(r -> r.status() / 100 == 4).count());
        out.append(" s5xx=").append(requests.stream().filter(r -> r.status() / 100 == 5).count());
        out.append(" conn_errors=").append(requests.stream().filter(r -> r.status() == 0 && !r.error().equals("timeout")).count());
        out.append(" timeouts=").append(requests.stream().filter(r -> r.error().equals("timeout")).count());
        out.append(" over5s=").append(requests.stream().filter(r -> r.latencyMs() > 5000).count());
        out.append(" partial=").append(queries.stream().filter(r -> r.status() / 100 == 2 && r.unavailable() > 0).count());
        out.append(" denied=").append(queries.stream().filter(r -> r.status() / 100 == 2 && r.denied() > 0).count());
        double[] lat = queries.stream().filter(r -> r.status() / 100 == 2).mapToDouble(Req::latencyMs).sorted().toArray();
        out.append(String.format(" p50_ms=%.0f p99_ms=%.0f max_ms=%.0f", pct(lat, 50), pct(lat, 99), pct(lat, 100)));
        if (o.containsKey("soak")) {
            // per stream: sent and how many got the status a healthy hub gives that request
            Map<String, long[]> per = new LinkedHashMap<>();
            for (Req r : requests) {
                long[] c = per.computeIfAbsent(r.stream(), k -> new long[3]);
                c[0]++;
                if (r.status() == expected(r.stream())) {
                    c[1]++;
                }
                if (r.stream().equals("batch") && r.status() == 200 && r.unavailable() == 0) {
                    c[2]++;
                }
            }
            per.forEach((k, c) -> out.append(' ').append(k.replace("-", "_")).append("_sent=").append(c[0])
                    .append(' ').append(k.replace("-", "_")).append("_expected=").append(c[1]));
            out.append(" batch_items=").append(all.stream().filter(r -> r.stream().equals("batch-item")).count());
        }

        // access records and audit entries of every answer given (queries and batch items answered 200)
        List<String> ids = all.stream().filter(r -> r.status() / 100 == 2 && !r.queryId().equals("-"))
                .map(Req::queryId).distinct().toList();
        try (MongoClient mongo = MongoClients.create(o.get("mongo"))) {
            var records = mongo.getDatabase("sharing").getCollection("access_records");
            var audit = mongo.getDatabase("sharing").getCollection("audit_log");
            long recorded = 0;
            for (List<String> chunk : chunks(ids)) {
                recorded += records.countDocuments(new Document("_id", new Document("$in", chunk)));
            }
            // the audit log is written from Kafka (the access relay, then the audit consumer): wait for it to catch up
            Map<String, Long> perId = new HashMap<>();
            java.util.Set<String> wanted = new java.util.HashSet<>(ids);
            long waitUntil = System.currentTimeMillis() + Long.parseLong(o.getOrDefault("audit-wait-seconds", "180")) * 1000;
            long lastCount = -1, lastChange = System.currentTimeMillis();
            while (true) {
                perId.clear();
                // one pass over the log, not one per chunk of ids: the embedded wire server has no usable index on
                // access.queryId, and 150 full scans of a soak's log took longer than the soak
                audit.find().projection(new Document("access.queryId", 1)).batchSize(5000).forEach(d -> {
                    Document access = d.get("access", Document.class);
                    String id = access == null ? null : access.getString("queryId");
                    if (id != null && wanted.contains(id)) {
                        perId.merge(id, 1L, Long::sum);
                    }
                });
                long count = perId.size();
                if (count != lastCount) {
                    lastCount = count;
                    lastChange = System.currentTimeMillis();
                }
                if (count >= ids.size() || System.currentTimeMillis() > waitUntil
                        || System.currentTimeMillis() - lastChange > 45_000) {
                    break;
                }
                Thread.sleep(2000);
            }
            long duplicates = perId.values().stream().mapToLong(n -> n - 1).sum();
            out.append(" answered_ids=").append(ids.size());
            out.append(" records_lost=").append(ids.size() - recorded);
            out.append(" audit_lost=").append(ids.size() - perId.size());
            out.append(" audit_duplicates=").append(duplicates);
        }
        if (events.containsKey("agreements_before") && events.containsKey("agreements_after")) {
            out.append(" agreements_before=").append(events.get("agreements_before"))
                    .append(" agreements_lost=").append(Math.max(0, events.get("agreements_before") - events.get("agreements_after")));
        }

        // the timeline: the part's return (back_at), and when answers were normal again after it
        Long faultAt = events.get("fault_at"), restoreAt = events.get("restore_at"), backAt = events.get("back_at");
        if (faultAt != null && backAt != null) {
            List<Req> before = queries.stream().filter(r -> r.dueMs() < faultAt).toList();
            out.append(" baseline_normal=").append(before.stream().filter(r -> r.normal(normalMs)).count())
                    .append('/').append(before.size());
            out.append(String.format(" outage_s=%.1f", (backAt - faultAt) / 1000.0));
            if (restoreAt != null) {
                out.append(String.format(" restart_s=%.1f", (backAt - restoreAt) / 1000.0));
            }
            // disturbed: queries due from the fault on that were not normal; recovery: from the part's return to the
            // due time of the last abnormal query after it (plus one interval), 0 when none was abnormal after it
            List<Req> from = queries.stream().filter(r -> r.dueMs() >= faultAt).toList();
            out.append(" abnormal=").append(from.stream().filter(r -> !r.normal(normalMs)).count());
            long lastAbnormal = from.stream().filter(r -> r.dueMs() >= backAt && !r.normal(normalMs))
                    .mapToLong(Req::dueMs).max().orElse(Long.MIN_VALUE);
            long lastDue = queries.stream().mapToLong(Req::dueMs).max().orElse(backAt);
            double interval = 1000.0 / Double.parseDouble(o.getOrDefault("rate", "30"));
            double recovery = lastAbnormal == Long.MIN_VALUE ? 0 : (lastAbnormal - backAt + interval) / 1000.0;
            out.append(String.format(" recovery_s=%.1f", recovery));
            out.append(String.format(" observed_after_s=%.0f", (lastDue - backAt) / 1000.0));
            out.append(" recovered=").append(lastAbnormal == Long.MIN_VALUE || lastDue - lastAbnormal > 5000 ? "yes" : "no");
            // the first answers that were not normal after the return, for the cause
            from.stream().filter(r -> r.dueMs() >= backAt && !r.normal(normalMs)).limit(1).forEach(r -> out
                    .append(" first_abnormal_after=").append(r.status() == 0 ? r.error() : r.status() + (r.unavailable() > 0
                            ? "-partial" : r.denied() > 0 ? "-denied" : r.latencyMs() > normalMs ? "-slow" : "")));
        }
        System.out.println(out);
    }

    static int expected(String stream) {
        return switch (stream) {
            case "401-body", "401-nobody" -> 401;
            case "403-body", "403-nobody" -> 403;
            case "429" -> 429;
            default -> 200;
        };
    }

    static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static List<List<String>> chunks(List<String> ids) {
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 500) {
            chunks.add(ids.subList(i, Math.min(ids.size(), i + 500)));
        }
        return chunks;
    }
}
