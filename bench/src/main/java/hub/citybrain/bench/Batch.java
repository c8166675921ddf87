package hub.citybrain.bench;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * P4: one NDJSON batch of N distinct subjects through the gateway, read while it is still being sent (full duplex:
 * the JDK client with a streaming body), while a sampler reads the sharing service's heap from its Prometheus
 * endpoint every 100 ms.
 *
 * <pre>
 * Batch --label L --url GATEWAY/api/v1/queries/batch --token T --subjects N --subject-offset K
 *       --fields a,b,c --purpose P --prometheus SHARING_MGMT/actuator/prometheus (the management port)
 * </pre>
 * Prints {@code BATCH label=.. subjects=N ok=N failed=N seconds=.. subjects_per_s=.. heap_before_mib=.. heap_peak_mib=..}.
 */
public final class Batch {

    private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*}\\s+(\\S+)", Pattern.MULTILINE);

    public static void main(String[] args) throws Exception {
        String label = "batch", url = null, token = null, fields = null, purpose = "SUBSISTENCE_REVIEW", prometheus = null;
        int subjects = 10_000;
        long offset = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--label" -> label = v;
                case "--url" -> url = v;
                case "--token" -> token = v;
                case "--fields" -> fields = v;
                case "--purpose" -> purpose = v;
                case "--prometheus" -> prometheus = v;
                case "--subjects" -> subjects = Integer.parseInt(v);
                case "--subject-offset" -> offset = Long.parseLong(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        StringBuilder list = new StringBuilder();
        for (String f : fields.split(",")) {
            list.append(list.length() == 0 ? "" : ",").append('"').append(f).append('"');
        }
        String prefix = "{\"subjectType\":\"PERSON\",\"subjectKey\":\"";
        String suffix = "\",\"fields\":[" + list + "],\"purpose\":\"" + purpose + "\"}\n";

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HeapSampler sampler = new HeapSampler(client, prometheus);
        double before = sampler.sample();
        Thread samplerThread = new Thread(sampler, "heap-sampler");
        samplerThread.setDaemon(true);
        samplerThread.start();

        final int n = subjects;
        final long first = offset;
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-ndjson")
                .header("Accept", "application/x-ndjson")
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new LinesStream(n, i -> prefix + IdNumbers.of(first + i) + suffix)))
                .build();
        long t0 = System.nanoTime();
        HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        AtomicLong ok = new AtomicLong(), failed = new AtomicLong();
        String[] firstProblem = { null };
        try (Stream<String> lines = response.body()) {
            lines.forEach(line -> {
                if (line.isBlank()) {
                    return;
                }
                if (line.contains("\"status\":200")) {
                    ok.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    if (firstProblem[0] == null) {
                        firstProblem[0] = line.length() > 300 ? line.substring(0, 300) : line;
                    }
                }
            });
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        sampler.stop = true;
        samplerThread.join(2000);
        System.out.printf("BATCH label=%s http=%d subjects=%d ok=%d failed=%d seconds=%.2f subjects_per_s=%.1f heap_before_mib=%.1f heap_peak_mib=%.1f samples=%d%s%n",
                label, response.statusCode(), n, ok.get(), failed.get(), seconds, ok.get() / seconds, before / 1048576.0,
                sampler.peak / 1048576.0, sampler.samples, firstProblem[0] == null ? "" : " first_failure=" + firstProblem[0]);
        System.exit(0);
    }

    /** The body, produced line by line as the client reads it: nothing is held in memory but the current line. */
    static final class LinesStream extends InputStream {
        private final int count;
        private final java.util.function.IntFunction<String> line;
        private int next;
        private byte[] current = new byte[0];
        private int pos;

        LinesStream(int count, java.util.function.IntFunction<String> line) {
            this.count = count;
            this.line = line;
        }

        private boolean fill() {
            while (pos >= current.length) {
                if (next >= count) {
                    return false;
                }
                current = line.apply(next++).getBytes(StandardCharsets.UTF_8);
                pos = 0;
            }
            return true;
        }

        @Override
        public int read() {
            return fill() ? current[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    static final class HeapSampler implements Runnable {
        private final HttpClient client;
        private final String url;
        volatile boolean stop;
        volatile double peak;
        volatile int samples;

        HeapSampler(HttpClient client, String url) {
            this.client = client;
            this.url = url;
        }

        double sample() {
            try {
                String text = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = HEAP.matcher(text);
                double sum = 0;
                while (m.find()) {
                    sum += Double.parseDouble(m.group(1));
                }
                samples++;
                peak = Math.max(peak, sum);
                return sum;
            } catch (Exception e) {
                return Double.NaN;
            }
        }

        @Override
        public void run() {
            while (!stop) {
                sample();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
