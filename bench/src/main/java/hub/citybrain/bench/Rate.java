package hub.citybrain.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Open-loop load at a fixed rate with HdrHistogram percentiles (what wrk2 would do; wrk2 is not packaged here).
 * Request i is due at start + i/rate whatever happened to earlier ones, and its latency is measured from that
 * due time, not from when it was actually sent: a stall of the server shows up in the percentiles instead of
 * silently lowering the rate (no coordinated omission).
 *
 * <pre>
 * Rate --label L --url U --rate R --duration SECONDS [--warmup SECONDS] [--method GET|POST] [--header 'Name: value']...
 *      [--body TEXT]  ({subject} in the body becomes a distinct valid ID number per request, from --subject-offset)
 * </pre>
 * send_lag_max_ms is how late the generator itself sent its most delayed request (a starved generator shows here).
 * Prints one line: {@code RATE label=L rate=R sent=N ok=N errors=N achieved=X p50_ms=.. p90_ms=.. p99_ms=.. p999_ms=.. max_ms=..}.
 */
public final class Rate {

    public static void main(String[] args) throws Exception {
        String label = "run", url = null, method = "GET", body = null;
        int rate = 100;
        double duration = 10, warmup = 0;
        long subjectOffset = 0;
        int maxOutstanding = 4000;
        List<String[]> headers = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--label" -> label = v;
                case "--url" -> url = v;
                case "--method" -> method = v;
                case "--body" -> body = v;
                case "--rate" -> rate = Integer.parseInt(v);
                case "--duration" -> duration = Double.parseDouble(v);
                case "--warmup" -> warmup = Double.parseDouble(v);
                case "--subject-offset" -> subjectOffset = Long.parseLong(v);
                case "--max-outstanding" -> maxOutstanding = Integer.parseInt(v);
                case "--header" -> {
                    int colon = v.indexOf(':');
                    headers.add(new String[] { v.substring(0, colon).trim(), v.substring(colon + 1).trim() });
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("--url is required");
        }
        HttpClient client = HttpClients.pooled("rate-client");
        URI uri = URI.create(url);
        // the warm-up requests go first at the same rate, in the same JVM (JIT, connections), and are not counted
        long warm = Math.round(rate * warmup);
        long total = Math.round(rate * duration);
        Recorder recorder = new Recorder(3);
        AtomicLong ok = new AtomicLong(), errors = new AtomicLong();
        Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
        OpenLoop loop = new OpenLoop(rate, maxOutstanding);
        long start = loop.dueOf(warm);
        final String method0 = method, body0 = body;
        final long subjects = subjectOffset;
        boolean finished = loop.run(warm + total, warm, () -> false, (i, due) -> {
            final boolean counted = i >= warm;
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
            for (String[] h : headers) {
                request.header(h[0], h[1]);
            }
            if ("POST".equals(method0)) {
                String text = body0 == null ? "" : body0.replace("{subject}", IdNumbers.of(subjects + i));
                request.POST(HttpRequest.BodyPublishers.ofString(text));
            } else {
                request.GET();
            }
            return client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                long latency = System.nanoTime() - due;
                if (!counted) {
                    return;
                }
                String outcome = error != null ? error.getClass().getSimpleName() : String.valueOf(response.statusCode());
                if (error == null && response.statusCode() < 400) {
                    recorder.recordValue(Math.min(latency, TimeUnit.SECONDS.toNanos(120)));
                    ok.incrementAndGet();
                } else {
                    errors.incrementAndGet();
                }
                outcomes.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
            });
        }, 60) >= 0;
        double elapsed = (System.nanoTime() - start) / 1e9;
        Histogram h = recorder.getIntervalHistogram();
        System.out.printf("RATE label=%s rate=%d sent=%d ok=%d errors=%d achieved=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f send_lag_max_ms=%.1f outcomes=%s%s%n",
                label, rate, total, ok.get(), errors.get(), ok.get() / elapsed, ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9),
                h.getMaxValue() / 1e6, loop.sendLagMaxMs(), new TreeMap<>(outcomes), finished ? "" : " UNFINISHED");
        System.exit(0);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e6;
    }
}
