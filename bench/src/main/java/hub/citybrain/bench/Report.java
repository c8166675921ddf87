package hub.citybrain.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns bench/out/raw.txt (one line per measured run: {@code WRK|RATE|BATCH|STARTUP|RSS|LOAD key=value ...}) into
 * bench/RESULTS.md: every figure as median [min–max] over the repetitions, ratios computed per repetition (the
 * scenarios of one repetition ran back to back) and then summarised the same way. A hand-written section between
 * {@code <!-- notes -->} and {@code <!-- /notes -->} in the existing RESULTS.md is carried over.
 * {@code Report OUT_DIR RESULTS.md COMMAND}
 */
public final class Report {

    private static final Pattern KV = Pattern.compile("(\\w+)=(\\{[^}]*}|\\S+)");

    record Line(String type, Map<String, String> kv) {
        String label() {
            return kv.get("label");
        }

        int rep() {
            return Integer.parseInt(kv.getOrDefault("rep", "0"));
        }

        double d(String key) {
            String v = kv.get(key);
            return v == null ? Double.NaN : Double.parseDouble(v);
        }
    }

    private final List<Line> lines = new ArrayList<>();
    private final Map<String, String> facts = new LinkedHashMap<>();
    private final StringBuilder md = new StringBuilder();
    private int reps;

    public static void main(String[] args) throws IOException {
        new Report().run(Path.of(args[0]), Path.of(args[1]), args.length > 2 ? args[2] : "bench/run");
    }

    /** raw.txt: one {@code TYPE key=value ...} line per measured run (shared with {@link ChaosReport}). */
    static List<Line> parseRaw(Path raw) throws IOException {
        List<Line> parsed = new ArrayList<>();
        for (String text : Files.readAllLines(raw)) {
            String[] parts = text.split(" ", 2);
            if (parts.length < 2) {
                continue;
            }
            Map<String, String> kv = new LinkedHashMap<>();
            Matcher m = KV.matcher(parts[1]);
            while (m.find()) {
                kv.put(m.group(1), m.group(2));
            }
            parsed.add(new Line(parts[0], kv));
        }
        return parsed;
    }

    /** facts.txt: {@code key=value} lines about the machine and the run. */
    static Map<String, String> parseFacts(Path file) throws IOException {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String f : Files.readAllLines(file)) {
            int eq = f.indexOf('=');
            if (eq > 0) {
                parsed.put(f.substring(0, eq), f.substring(eq + 1));
            }
        }
        return parsed;
    }

    /** The hand-written section between {@code <!-- notes -->} and {@code <!-- /notes -->} of an existing results file. */
    static String carriedNotes(Path results) throws IOException {
        if (Files.exists(results)) {
            String old = Files.readString(results);
            int a = old.indexOf("<!-- notes -->"), b = old.indexOf("<!-- /notes -->");
            if (a >= 0 && b > a) {
                return old.substring(a, b + "<!-- /notes -->".length());
            }
        }
        return "";
    }

    void run(Path out, Path results, String command) throws IOException {
        lines.addAll(parseRaw(out.resolve("raw.txt")));
        facts.putAll(parseFacts(out.resolve("facts.txt")));
        reps = lines.stream().mapToInt(Line::rep).max().orElse(0);
        String notes = carriedNotes(results);
        write(out, command, notes);
        Files.writeString(results, md.toString());
    }

    // --- figures -----------------------------------------------------------------------------------------------

    /** The metric of the run with this label in repetition r (1-based). */
    double v(String type, String label, String key, int r) {
        return lines.stream().filter(l -> l.type.equals(type) && label.equals(l.label()) && l.rep() == r)
                .mapToDouble(l -> l.d(key)).findFirst().orElse(Double.NaN);
    }

    double[] perRep(IntFunction<Double> f) {
        double[] xs = new double[reps];
        for (int r = 1; r <= reps; r++) {
            xs[r - 1] = f.apply(r);
        }
        return xs;
    }

    static double median(double[] xs) {
        double[] s = Arrays.stream(xs).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (s.length == 0) {
            return Double.NaN;
        }
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static String fmt(double x, String pattern) {
        return Double.isNaN(x) ? "n/a" : String.format(pattern, x);
    }

    /** "median [min–max]" */
    static String mmm(double[] xs, String pattern) {
        double[] s = Arrays.stream(xs).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (s.length == 0) {
            return "n/a";
        }
        if (s.length == 1) {
            return fmt(s[0], pattern);
        }
        return fmt(median(s), pattern) + " [" + fmt(s[0], pattern) + "–" + fmt(s[s.length - 1], pattern) + "]";
    }

    void p(String s) {
        md.append(s).append('\n');
    }

    // --- the document ------------------------------------------------------------------------------------------

    void write(Path out, String command, String notes) throws IOException {
        p("# Benchmark results");
        p("");
        p("Written by `" + command.trim() + "` (`./citybrain bench`); do not edit by hand except the notes section, which"
                + " is kept across runs. Raw figures: the `raw` block at the end; logs in `bench/out/` (git-ignored).");
        p("Figures are **median [min–max] over " + reps + " interleaved repetitions**; a ratio is computed within each"
                + " repetition (its scenarios ran back to back) and then summarised the same way. Warm-up runs are discarded.");
        p("");
        p("## Machine and run");
        p("");
        p("| | |");
        p("|---|---|");
        facts.forEach((k, val) -> p("| " + k + " | " + val + " |"));
        StringBuilder loads = new StringBuilder();
        lines.stream().filter(l -> l.type.equals("LOAD"))
                .forEach(l -> loads.append(l.label()).append(' ').append(l.kv.get("load1")).append(", "));
        p("| 1-min load average at the start of each phase | " + (loads.length() == 0 ? "n/a" : loads.substring(0, loads.length() - 2)) + " |");
        p("");
        p("The load generators (wrk with 2 threads and 50 connections; the Java open-loop generator) run on the same 2"
                + " cores as the processes they measure, and the machine is shared: absolute figures move with the load"
                + " average above; the ratios are the point.");
        p("");

        summary();
        p1();
        p2();
        p3();
        p4();
        p5();
        profiles(out);
        p("## Notes and analysis");
        p("");
        p(notes.isEmpty() ? "<!-- notes -->\n(none yet)\n<!-- /notes -->" : notes);
        p("");
        p("## Raw");
        p("");
        p("```");
        for (String raw : Files.readAllLines(out.resolve("raw.txt"))) {
            p(raw);
        }
        p("```");
    }

    double[] wrk(String label, String key) {
        return perRep(r -> v("WRK", label, key, r));
    }

    double[] rate(String label, String key) {
        return perRep(r -> v("RATE", label, key, r));
    }

    double[] ratio(double[] a, double[] b) {
        double[] xs = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            xs[i] = a[i] / b[i];
        }
        return xs;
    }

    double[] minus(double[] a, double[] b) {
        double[] xs = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            xs[i] = a[i] - b[i];
        }
        return xs;
    }

    double[] slowest(String key) {
        return perRep(r -> {
            double m = Double.NaN;
            for (String level : List.of("national", "provincial", "municipal", "county")) {
                double x = v("RATE", "p2.source-" + level, key, r);
                m = Double.isNaN(m) ? x : Math.max(m, x);
            }
            return m;
        });
    }

    void summary() {
        double[] jwtVsNginx = ratio(wrk("p1.gw-jwt", "rps"), wrk("p1.nginx", "rps"));
        double[] p2p50 = ratio(rate("p2.query", "p50_ms"), slowest("p50_ms"));
        double[] p3 = wrk("p3.query", "rps");
        p("## Summary");
        p("");
        p("| scenario | figure | ratio | target | verdict |");
        p("|---|---|---|---|---|");
        p("| P1 gateway + JWT vs nginx, throughput | " + mmm(wrk("p1.gw-jwt", "rps"), "%,.0f") + " vs " + mmm(wrk("p1.nginx", "rps"), "%,.0f")
                + " req/s | **" + mmm(jwtVsNginx, "%.3f") + "×** | ≥ 0.5× | " + verdict(median(jwtVsNginx), median(jwtVsNginx) >= 0.5) + " |");
        p("| P1 gateway + JWT, added latency at " + latRate() + " req/s | p50 +" + mmm(minus(rate("lat.gw-jwt", "p50_ms"), rate("lat.direct", "p50_ms")), "%.2f")
                + " ms, p99 +" + mmm(minus(rate("lat.gw-jwt", "p99_ms"), rate("lat.direct", "p99_ms")), "%.2f") + " ms | | | |");
        p("| P2 fan-out 4 sources × 40 ms at " + setting("p2_rate", "10") + " q/s, p50 / slowest source p50 | " + mmm(rate("p2.query", "p50_ms"), "%.1f") + " ms vs "
                + mmm(slowest("p50_ms"), "%.1f") + " ms | **" + mmm(p2p50, "%.2f") + "×** | ≤ 1.15× | " + verdict(median(p2p50), median(p2p50) <= 1.15) + " |");
        p("| P2 p99 / slowest source p99 | " + mmm(rate("p2.query", "p99_ms"), "%.1f") + " ms vs " + mmm(slowest("p99_ms"), "%.1f")
                + " ms | **" + mmm(ratio(rate("p2.query", "p99_ms"), slowest("p99_ms")), "%.2f") + "×** | | |");
        p("| P3 cached query, full path, throughput | " + mmm(p3, "%,.0f") + " req/s | **" + mmm(ratio(p3, wrk("p1.gw-jwt", "rps")), "%.2f")
                + "×** of P1 gateway + JWT | ≥ 2,500 req/s | " + verdict(median(p3), median(p3) >= 2500) + " |");
        p("| P3 p99 at " + p3LatRate() + " req/s (open loop) | " + mmm(rate("lat.p3-query", "p99_ms"), "%.1f") + " ms | | | |");
        double[] p4 = perRep(r -> v("BATCH", "p4.batch", "subjects_per_s", r));
        double[] heap = perRep(r -> v("BATCH", "p4.batch", "heap_peak_mib", r));
        p("| P4 batch " + p4Subjects() + " subjects × 5 fields | " + mmm(p4, "%,.0f") + " subjects/s, peak heap " + mmm(heap, "%.0f") + " MiB | | | |");
        p("| P5 stack start-up (fresh home) and RSS | " + startup() + " | | | |");
        p("");
    }

    String latRate() {
        return setting("lat_rate", "500");
    }

    String p3LatRate() {
        return setting("p3_lat_rate", latRate());
    }

    String p4Subjects() {
        return setting("p4_subjects", "10000");
    }

    /** A value from the facts line {@code quick=.. reps=.. lat_rate=..}. */
    String setting(String key, String fallback) {
        Matcher m = Pattern.compile("\\b" + key + "=(\\S+)").matcher(facts.getOrDefault("quick", ""));
        return m.find() ? m.group(1) : fallback;
    }

    static String verdict(double value, boolean ok) {
        return Double.isNaN(value) ? "not measured" : ok ? "met" : "**not met** (profile below)";
    }

    String startup() {
        Line s = lines.stream().filter(l -> l.type.equals("STARTUP")).findFirst().orElse(null);
        Line r = lines.stream().filter(l -> l.type.equals("RSS")).findFirst().orElse(null);
        return (s == null ? "n/a" : fmt(s.d("seconds"), "%.0f s, " ) + fmt(s.d("rss_mib"), "%,.0f MiB when ready"))
                + (r == null ? "" : fmt(r.d("rss_mib"), ", %,.0f MiB after the load"));
    }

    void p1() {
        p("## P1 proxy overhead");
        p("");
        p("A static 29-byte JSON answer from nginx (the fast backend), called directly; through nginx as a reverse proxy"
                + " (upstream keepalive 64, HTTP/1.1); through a bench-only instance of our gateway (same jar and defaults,"
                + " `bench/gateway-bench.yml`) on a route open without a token; and on a route under `/api/v1/**`, where the"
                + " gateway validates the JWT (RS256 signature, issuer, audience, expiry) as it does for every API call.");
        p("");
        p("Throughput: `wrk -t2 -c50 -d10s --latency` (closed loop). Latency: the open-loop generator at " + latRate() + " req/s.");
        p("");
        p("| path | req/s | × direct | × nginx | wrk p50 ms | wrk p99 ms | p50 ms at " + latRate() + "/s | p99 ms at " + latRate() + "/s | added p50 ms | added p99 ms | errors |");
        p("|---|---|---|---|---|---|---|---|---|---|---|");
        String[][] paths = { { "direct", "direct" }, { "nginx", "nginx" }, { "gw-open", "gateway, no auth" }, { "gw-jwt", "gateway + JWT" } };
        for (String[] path : paths) {
            String w = "p1." + path[0], l = "lat." + path[0];
            double[] errs = perRep(r -> v("WRK", w, "non2xx", r) + v("WRK", w, "socket_errors", r) + v("RATE", l, "errors", r));
            p("| " + path[1] + " | " + mmm(wrk(w, "rps"), "%,.0f") + " | " + mmm(ratio(wrk(w, "rps"), wrk("p1.direct", "rps")), "%.3f")
                    + " | " + mmm(ratio(wrk(w, "rps"), wrk("p1.nginx", "rps")), "%.3f") + " | " + mmm(wrk(w, "p50_ms"), "%.2f")
                    + " | " + mmm(wrk(w, "p99_ms"), "%.2f") + " | " + mmm(rate(l, "p50_ms"), "%.2f") + " | " + mmm(rate(l, "p99_ms"), "%.2f")
                    + " | " + mmm(minus(rate(l, "p50_ms"), rate("lat.direct", "p50_ms")), "%.2f")
                    + " | " + mmm(minus(rate(l, "p99_ms"), rate("lat.direct", "p99_ms")), "%.2f") + " | " + mmm(errs, "%.0f") + " |");
        }
        p("");
    }

    void p2() {
        p("## P2 fan-out");
        p("");
        String rate = setting("p2_rate", "10"), load = setting("p2_load_rate", "50");
        p("One query for 4 fields held by 4 bench sources at 4 levels (national, provincial, municipal, county; WireMock,"
                + " each with a fixed 40 ms delay), a new subject each time (no cache hits: quota, 4 source calls, 4 cache"
                + " writes, the access record), through the stack's gateway with a token, at " + rate + " q/s for 10 s (the"
                + " ratio: fan-out overhead at a rate the embedded stack sustains) and then at " + load + " q/s (load: the"
                + " achieved rate says whether it kept up; if not, its latency is queueing). Each source alone at " + rate
                + " req/s just before, from the same generator; the slowest of the four is the floor.");
        p("");
        p("| | p50 ms | p90 ms | p99 ms | max ms | errors |");
        p("|---|---|---|---|---|---|");
        for (String level : List.of("national", "provincial", "municipal", "county")) {
            String l = "p2.source-" + level;
            p("| source " + level + " alone | " + mmm(rate(l, "p50_ms"), "%.1f") + " | " + mmm(rate(l, "p90_ms"), "%.1f") + " | "
                    + mmm(rate(l, "p99_ms"), "%.1f") + " | " + mmm(rate(l, "max_ms"), "%.1f") + " | " + mmm(rate(l, "errors"), "%.0f") + " |");
        }
        p("| **query over the 4** | " + mmm(rate("p2.query", "p50_ms"), "%.1f") + " | " + mmm(rate("p2.query", "p90_ms"), "%.1f")
                + " | " + mmm(rate("p2.query", "p99_ms"), "%.1f") + " | " + mmm(rate("p2.query", "max_ms"), "%.1f") + " | "
                + mmm(rate("p2.query", "errors"), "%.0f") + " |");
        p("| query at " + load + " q/s (load) | " + mmm(rate("p2.query-load", "p50_ms"), "%.1f") + " | " + mmm(rate("p2.query-load", "p90_ms"), "%.1f")
                + " | " + mmm(rate("p2.query-load", "p99_ms"), "%.1f") + " | " + mmm(rate("p2.query-load", "max_ms"), "%.1f") + " | "
                + mmm(rate("p2.query-load", "errors"), "%.0f") + " (achieved " + mmm(rate("p2.query-load", "achieved"), "%.1f") + " q/s) |");
        p("| **÷ slowest source** (at " + rate + " q/s) | " + mmm(ratio(rate("p2.query", "p50_ms"), slowest("p50_ms")), "%.2f×") + " | "
                + mmm(ratio(rate("p2.query", "p90_ms"), slowest("p90_ms")), "%.2f×") + " | "
                + mmm(ratio(rate("p2.query", "p99_ms"), slowest("p99_ms")), "%.2f×") + " | | |");
        p("");
    }

    void p3() {
        p("## P3 cached query, full path");
        p("");
        p("`POST /api/v1/queries` for 5 fields of one bench resource about one subject, answered from the fact cache"
                + " (`\"cached\": true`), through the stack's gateway: JWT validated at the gateway and again in the sharing"
                + " service, agreement check, daily quota counted in MongoDB, cache read, access record written to MongoDB"
                + " before the answer. Run right after P1's gateway + JWT in every repetition.");
        p("");
        p("| | req/s | × P1 gateway + JWT | wrk p50 ms | wrk p99 ms | p50 ms at " + p3LatRate() + "/s | p99 ms at " + p3LatRate() + "/s | non-2xx / errors |");
        p("|---|---|---|---|---|---|---|---|");
        double[] errs = perRep(r -> v("WRK", "p3.query", "non2xx", r) + v("WRK", "p3.query", "socket_errors", r) + v("RATE", "lat.p3-query", "errors", r));
        p("| cached query | " + mmm(wrk("p3.query", "rps"), "%,.0f") + " | " + mmm(ratio(wrk("p3.query", "rps"), wrk("p1.gw-jwt", "rps")), "%.3f")
                + " | " + mmm(wrk("p3.query", "p50_ms"), "%.1f") + " | " + mmm(wrk("p3.query", "p99_ms"), "%.1f") + " | "
                + mmm(rate("lat.p3-query", "p50_ms"), "%.1f") + " | " + mmm(rate("lat.p3-query", "p99_ms"), "%.1f") + " | " + mmm(errs, "%.0f") + " |");
        double[] achieved = rate("lat.p3-query", "achieved");
        p("");
        p("Achieved rate of the " + p3LatRate() + " req/s run: " + mmm(achieved, "%.0f") + " req/s (below " + p3LatRate() + " means the path could not keep up:"
                + " the open-loop percentiles then include the queueing).");
        p("");
    }

    void p4() {
        p("## P4 batch");
        p("");
        p("`POST /api/v1/queries/batch`, NDJSON, distinct subjects × 5 fields of the fast bench source (each a cache miss,"
                + " one source call, one access record), sent and read at once (full duplex, JDK HttpClient). Heap: the sharing"
                + " service's `jvm_memory_used_bytes{area=\"heap\"}` summed over pools, sampled every 100 ms (-Xmx256m).");
        p("");
        p("| subjects | answered 200 | failed | seconds | subjects/s | heap before MiB | peak heap MiB |");
        p("|---|---|---|---|---|---|---|");
        for (int r = 1; r <= reps; r++) {
            final int rep = r;
            Line b = lines.stream().filter(l -> l.type.equals("BATCH") && l.rep() == rep).findFirst().orElse(null);
            if (b != null) {
                p("| " + b.kv.get("subjects") + " | " + b.kv.get("ok") + " | " + b.kv.get("failed") + " | " + b.kv.get("seconds") + " | "
                        + b.kv.get("subjects_per_s") + " | " + b.kv.get("heap_before_mib") + " | " + b.kv.get("heap_peak_mib") + " |");
            }
        }
        p("");
    }

    void p5() {
        p("## P5 stack");
        p("");
        p("`./citybrain up --detach --no-build` on a fresh home (empty Keycloak database with the realm import, new Kafka"
                + " log, empty MongoDB file), from stopped to the printed first query (demo loaded): " + startup() + ".");
        p("RSS is the sum over the six processes' groups, as `./citybrain status` shows it.");
        p("");
    }

    void profiles(Path out) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String name : List.of("profile-gw-jwt.txt", "profile-p3-gateway.txt", "profile-p3-sharing.txt",
                "profile-p3-devstack.txt")) {
            if (Files.exists(out.resolve(name))) {
                files.add(out.resolve(name));
            }
        }
        if (files.isEmpty()) {
            return;
        }
        p("## Profiles (async-profiler, CPU samples)");
        p("");
        p("async-profiler " + setting("profiler", "") + " loaded into the running JVM (`hub.citybrain.bench.Attach`,"
                + " `event=cpu,interval=5ms,threads`), for " + setting("profile_secs", "20") + " s under wrk, after the"
                + " measured runs (the JIT has compiled the hot paths): the bench gateway on the JWT route; then, during"
                + " one P3 run, the stack's gateway, the sharing service and devstack (the MongoDB wire server of the"
                + " embedded stack) at once. All threads are sampled, JIT compiler and GC threads included. Summarised by"
                + " `hub.citybrain.bench.Profile`; the collapsed stacks are in `bench/out/*.collapsed` (flame-graph input).");
        p("");
        for (Path f : files) {
            p("### " + f.getFileName().toString().replace("profile-", "").replace(".txt", ""));
            p("");
            p(Files.readString(f).strip());
            p("");
        }
    }
}
