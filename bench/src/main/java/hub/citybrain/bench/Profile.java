package hub.citybrain.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises CPU samples: the share of samples whose stack holds a frame of each area (inclusive, so the shares add
 * up to more than 100%), the hottest frames by self samples, and the threads. {@code Profile FILE}, where FILE is
 * async-profiler's collapsed output ({@code collapsed,threads,ann}: one line per distinct stack, the thread first,
 * then root to leaf, then the sample count) or a JFR recording ({@code .jfr}, its {@code jdk.ExecutionSample}s).
 */
public final class Profile {

    /** Areas by frame-name prefix (Java frames as {@code package.Class.method}), any match in the stack. */
    static final Map<String, Predicate<String>> AREAS = new LinkedHashMap<>();

    static {
        area("JWT decoding and checks (Nimbus JOSE)", "com.nimbusds.");
        area("JDK crypto (RSA signature)", "sun.security.", "java.security.", "javax.crypto.", "java.math.BigInteger");
        area("Spring Security (filter chain, resource server)", "org.springframework.security.");
        area("Spring Cloud Gateway (routing, filters)", "org.springframework.cloud.gateway.");
        area("Spring WebFlux / web (handlers, codecs)", "org.springframework.web.", "org.springframework.http.");
        area("Netty (HTTP, sockets, event loop)", "io.netty.");
        area("Reactor Netty", "reactor.netty.");
        area("Reactor core (operators)", "reactor.core.", "reactor.util.");
        area("Micrometer metrics, observation, tracing (Brave)", "io.micrometer.", "brave.");
        area("Context propagation (ThreadLocal accessors)", "io.micrometer.context.");
        area("Logging (Logback, SLF4J)", "ch.qos.logback.", "org.slf4j.");
        area("Jackson", "com.fasterxml.jackson.", "tools.jackson.");
        area("MongoDB driver / BSON", "com.mongodb.", "org.bson.");
        area("MongoDB wire server (devstack, in-process)", "de.bwaldvogel.");
        area("Spring Data MongoDB", "org.springframework.data.");
        area("Kafka client", "org.apache.kafka.");
        area("resilience4j", "io.github.resilience4j.");
        area("CityBrain code (hub.citybrain)", "hub.citybrain.");
        AREAS.put("Kernel (sockets, system calls)", frame -> frame.endsWith("_[k]"));
        AREAS.put("JIT compilers (C1, C2)", frame -> frame.startsWith("CompileBroker::") || frame.startsWith("C2Compiler")
                || frame.startsWith("Compile::") || frame.startsWith("[C1 CompilerThread") || frame.startsWith("[C2 CompilerThread"));
        AREAS.put("Garbage collector", frame -> frame.startsWith("G1") || frame.startsWith("[GC Thread")
                || frame.startsWith("[G1 "));
    }

    private static void area(String name, String... prefixes) {
        AREAS.put(name, frame -> {
            for (String prefix : prefixes) {
                if (frame.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        });
    }

    /** One distinct stack: thread, frames from leaf to root, and how many samples had it. */
    record Sample(String thread, List<String> frames, long count) {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        boolean jfr = file.toString().endsWith(".jfr");
        List<Sample> samples = jfr ? fromJfr(file) : fromCollapsed(file);
        long total = samples.stream().mapToLong(Sample::count).sum();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        for (Sample sample : samples) {
            if (!sample.frames().isEmpty()) {
                self.merge(sample.frames().get(0), sample.count(), Long::sum);
            }
            threads.merge(sample.thread().replaceAll("\\d+", "N"), sample.count(), Long::sum);
            for (Map.Entry<String, Predicate<String>> area : AREAS.entrySet()) {
                if (area.getValue().test("[" + sample.thread()) || sample.frames().stream().anyMatch(area.getValue())) {
                    inclusive.merge(area.getKey(), sample.count(), Long::sum);
                }
            }
        }
        System.out.printf("%s: %d CPU samples (%s)%n%n", file.getFileName(), total,
                jfr ? "JFR jdk.ExecutionSample" : "async-profiler, all threads including JIT and GC");
        System.out.println("| area (samples with a frame in it) | share |");
        System.out.println("|---|---|");
        final long n = Math.max(total, 1);
        inclusive.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> System.out.printf("| %s | %.0f%% |%n", e.getKey(), 100.0 * e.getValue() / n));
        System.out.println();
        System.out.println("| hottest frames (self samples) | share |");
        System.out.println("|---|---|");
        self.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(15)
                .forEach(e -> System.out.printf("| `%s` | %.1f%% |%n", e.getKey(), 100.0 * e.getValue() / n));
        System.out.println();
        System.out.println("| threads | share |");
        System.out.println("|---|---|");
        threads.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                .forEach(e -> System.out.printf("| %s | %.0f%% |%n", e.getKey(), 100.0 * e.getValue() / n));
    }

    /** async-profiler's {@code collapsed,threads,ann}: "[thread tid=N];root;...;leaf_[j] COUNT". */
    static List<Sample> fromCollapsed(Path file) throws IOException {
        List<Sample> samples = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            long count = Long.parseLong(line.substring(space + 1).trim());
            String[] frames = line.substring(0, space).split(";");
            String thread = frames.length > 0 && frames[0].startsWith("[")
                    ? frames[0].replaceAll("^\\[|( tid=\\d+)?]$", "") : "?";
            List<String> leafFirst = new ArrayList<>();
            for (int i = frames.length - 1; i >= (thread.equals("?") ? 0 : 1); i--) {
                String frame = frames[i];
                // Java frames come as package/Class.method_[j|i|0|1]; native and kernel ones keep their suffix
                if (frame.contains("/")) {
                    frame = frame.replace('/', '.').replaceAll("_\\[[ji01]]$", "");
                }
                leafFirst.add(frame);
            }
            samples.add(new Sample(thread, leafFirst, count));
        }
        return samples;
    }

    static List<Sample> fromJfr(Path file) throws IOException {
        List<Sample> samples = new ArrayList<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!"jdk.ExecutionSample".equals(event.getEventType().getName()) || event.getStackTrace() == null) {
                continue;
            }
            List<String> frames = new ArrayList<>();
            for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
            }
            String thread = event.getThread("sampledThread") == null ? "?"
                    : String.valueOf(event.getThread("sampledThread").getJavaName());
            samples.add(new Sample(thread, frames, 1));
        }
        return samples;
    }
}
