package hub.citybrain.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording's CPU samples ({@code jdk.ExecutionSample}): the share of samples whose stack holds
 * a frame of each area (inclusive, so the shares add up to more than 100%), and the hottest methods by self samples.
 * {@code Profile FILE.jfr}
 */
public final class Profile {

    /** Areas by class-name prefix, first match per frame. */
    static final Map<String, List<String>> AREAS = new LinkedHashMap<>();

    static {
        AREAS.put("JWT decoding and checks (Nimbus JOSE)", List.of("com.nimbusds."));
        AREAS.put("JDK crypto (RSA signature)", List.of("sun.security.", "java.security.", "javax.crypto.", "java.math.BigInteger"));
        AREAS.put("Spring Security (filter chain, resource server)", List.of("org.springframework.security."));
        AREAS.put("Spring Cloud Gateway (routing, filters)", List.of("org.springframework.cloud.gateway."));
        AREAS.put("Spring WebFlux / web (handlers, codecs)", List.of("org.springframework.web.", "org.springframework.http."));
        AREAS.put("Netty (HTTP, sockets, event loop)", List.of("io.netty."));
        AREAS.put("Reactor Netty", List.of("reactor.netty."));
        AREAS.put("Reactor core (operators)", List.of("reactor.core.", "reactor.util."));
        AREAS.put("Micrometer metrics, observation, tracing (Brave)", List.of("io.micrometer.", "brave."));
        AREAS.put("Context propagation (ThreadLocal accessors)", List.of("io.micrometer.context."));
        AREAS.put("Logging (Logback, SLF4J)", List.of("ch.qos.logback.", "org.slf4j."));
        AREAS.put("Jackson", List.of("com.fasterxml.jackson.", "tools.jackson."));
        AREAS.put("MongoDB driver / BSON", List.of("com.mongodb.", "org.bson."));
        AREAS.put("Spring Data MongoDB", List.of("org.springframework.data."));
        AREAS.put("Kafka client", List.of("org.apache.kafka."));
        AREAS.put("resilience4j", List.of("io.github.resilience4j."));
        AREAS.put("CityBrain code (hub.citybrain)", List.of("hub.citybrain."));
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int total = 0;
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!"jdk.ExecutionSample".equals(event.getEventType().getName()) || event.getStackTrace() == null) {
                continue;
            }
            total++;
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (!frames.isEmpty()) {
                RecordedFrame top = frames.get(0);
                self.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1, Integer::sum);
            }
            String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : thread.replaceAll("-\\d+$", "-N").replaceAll("\\d+", "N"), 1, Integer::sum);
            for (Map.Entry<String, List<String>> area : AREAS.entrySet()) {
                boolean hit = frames.stream().anyMatch(f -> area.getValue().stream()
                        .anyMatch(prefix -> f.getMethod().getType().getName().startsWith(prefix)));
                if (hit) {
                    inclusive.merge(area.getKey(), 1, Integer::sum);
                }
            }
        }
        System.out.printf("%s: %d CPU samples (jdk.ExecutionSample)%n%n", file.getFileName(), total);
        System.out.println("| area (samples with a frame in it) | share |");
        System.out.println("|---|---|");
        final int n = Math.max(total, 1);
        inclusive.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> System.out.printf("| %s | %.0f%% |%n", e.getKey(), 100.0 * e.getValue() / n));
        System.out.println();
        System.out.println("| hottest methods (self samples) | share |");
        System.out.println("|---|---|");
        self.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(15)
                .forEach(e -> System.out.printf("| `%s` | %.1f%% |%n", e.getKey(), 100.0 * e.getValue() / n));
        System.out.println();
        System.out.println("| threads | share |");
        System.out.println("|---|---|");
        threads.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(6)
                .forEach(e -> System.out.printf("| %s | %.0f%% |%n", e.getKey(), 100.0 * e.getValue() / n));
    }
}
