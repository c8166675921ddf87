package hub.citybrain.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the whole embedded stack once per test run with the project's own launcher ({@code ./citybrain up}),
 * on test ports and in a fresh home of its own, and stops it when the run ends. The tests then talk to it only
 * as a department system would: Keycloak for tokens, the gateway for everything else.
 */
public final class EmbeddedStack implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {

    /**
     * Added to every test port, so that two checkouts on one machine can run their end-to-end suites side by side:
     * {@code CITYBRAIN_E2E_PORT_OFFSET=1000 ./citybrain test}.
     */
    static final int OFFSET = Integer.parseInt(System.getenv().getOrDefault("CITYBRAIN_E2E_PORT_OFFSET", "0"));

    public static final int GATEWAY = 18080 + OFFSET;
    public static final int KEYCLOAK = 18180 + OFFSET;
    public static final int KEYCLOAK_MGMT = 19000 + OFFSET;
    public static final int REGISTRY = 18281 + OFFSET;
    public static final int SHARING = 18282 + OFFSET;
    public static final int CONSOLE = 18283 + OFFSET;
    public static final int KAFKA = 19092 + OFFSET;
    public static final int KAFKA_CONTROLLER = 19093 + OFFSET;
    public static final int MONGO = 27117 + OFFSET;
    public static final int SOURCES = 18301 + OFFSET;
    public static final int REDIS = 16379 + OFFSET;
    /** Management ports (Prometheus, actuator): chosen so that no other base port plus a multiple of 1000 hits them. */
    public static final int GATEWAY_MGMT = 18480 + OFFSET;
    public static final int REGISTRY_MGMT = 18581 + OFFSET;
    public static final int SHARING_MGMT = 18582 + OFFSET;
    public static final int CONSOLE_MGMT = 18583 + OFFSET;

    /** How long a stopped process may take to exit (the launcher's own SIGTERM grace is 20 s). */
    static final int CITYBRAIN_STOP_SECONDS = 60;

    private static volatile boolean started;
    private static Path root;
    private static Path home;

    public static String gateway() {
        return "http://127.0.0.1:" + GATEWAY;
    }

    public static String keycloak() {
        return "http://127.0.0.1:" + KEYCLOAK;
    }

    public static String issuer() {
        return keycloak() + "/realms/citybrain";
    }

    public static String source(int offset) {
        return "http://127.0.0.1:" + (SOURCES + offset);
    }

    public static Path home() {
        return home;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (EmbeddedStack.class) {
            if (started) {
                return;
            }
            root = Paths.get(System.getProperty("citybrain.root", "..")).toAbsolutePath().normalize();
            home = root.resolve(".citybrain/e2e");
            deleteRecursively(home);
            run(Duration.ofMinutes(12), "up", "--detach", "--no-build");
            started = true;
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put("citybrain-e2e-stack", this);
        }
    }

    /** Stops the stack as a user would ({@code ./citybrain down}). */
    static void down() throws IOException, InterruptedException {
        run(Duration.ofMinutes(2), "down");
    }

    /** Starts it again in the same home, as a user would; data must still be there. */
    static void up() throws IOException, InterruptedException {
        run(Duration.ofMinutes(8), "up", "--detach", "--no-build");
    }

    /**
     * One process of the stack as the launcher started it (command line, folder, environment, from {@code /proc}),
     * so that a test can stop it and start it again the same way while the rest keeps running.
     */
    record StackProcess(String name, long pid, List<String> command, Map<String, String> environment, Path directory) {
    }

    static StackProcess process(String name) throws IOException {
        long pid = Long.parseLong(Files.readString(home.resolve("run").resolve(name + ".pid")).trim());
        Path proc = Paths.get("/proc", String.valueOf(pid));
        List<String> command = List.of(new String(Files.readAllBytes(proc.resolve("cmdline")),
                StandardCharsets.UTF_8).split("\0"));
        Map<String, String> environment = new LinkedHashMap<>();
        for (String entry : new String(Files.readAllBytes(proc.resolve("environ")), StandardCharsets.UTF_8)
                .split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                environment.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return new StackProcess(name, pid, command, environment, Files.readSymbolicLink(proc.resolve("cwd")));
    }

    /** Stops it, gracefully (SIGTERM) or as a crash would (SIGKILL), and waits until it is gone. */
    static void stop(StackProcess process, boolean hard) throws Exception {
        ProcessHandle handle = ProcessHandle.of(process.pid())
                .orElseThrow(() -> new IllegalStateException(process.name() + " is not running"));
        if (hard) {
            handle.destroyForcibly();
        } else {
            handle.destroy();
        }
        handle.onExit().get(CITYBRAIN_STOP_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Starts it again with the same command, folder and environment, in a session of its own and with its pid
     * file rewritten, as {@code ./citybrain up} does, so that {@code ./citybrain down} stops it later.
     */
    static StackProcess start(StackProcess process) throws IOException {
        Path log = home.resolve("logs").resolve(process.name() + ".log");
        ProcessBuilder builder = new ProcessBuilder(
                Stream.concat(Stream.of("setsid"), process.command().stream()).toList())
                .directory(process.directory().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().clear();
        builder.environment().putAll(process.environment());
        Process started = builder.start();
        Files.writeString(home.resolve("run").resolve(process.name() + ".pid"), started.pid() + "\n");
        return new StackProcess(process.name(), started.pid(), process.command(), process.environment(),
                process.directory());
    }

    @Override
    public void close() throws Exception {
        run(Duration.ofMinutes(2), "down");
    }

    static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CITYBRAIN_HOME", home.toString());
        env.put("CITYBRAIN_GATEWAY_PORT", String.valueOf(GATEWAY));
        env.put("CITYBRAIN_KEYCLOAK_PORT", String.valueOf(KEYCLOAK));
        env.put("CITYBRAIN_KEYCLOAK_MGMT_PORT", String.valueOf(KEYCLOAK_MGMT));
        env.put("CITYBRAIN_REGISTRY_PORT", String.valueOf(REGISTRY));
        env.put("CITYBRAIN_SHARING_PORT", String.valueOf(SHARING));
        env.put("CITYBRAIN_KAFKA_PORT", String.valueOf(KAFKA));
        env.put("CITYBRAIN_KAFKA_CONTROLLER_PORT", String.valueOf(KAFKA_CONTROLLER));
        env.put("CITYBRAIN_MONGO_PORT", String.valueOf(MONGO));
        env.put("CITYBRAIN_SOURCES_PORT", String.valueOf(SOURCES));
        env.put("CITYBRAIN_REDIS_PORT", String.valueOf(REDIS));
        env.put("CITYBRAIN_GATEWAY_MGMT_PORT", String.valueOf(GATEWAY_MGMT));
        env.put("CITYBRAIN_REGISTRY_MGMT_PORT", String.valueOf(REGISTRY_MGMT));
        env.put("CITYBRAIN_SHARING_MGMT_PORT", String.valueOf(SHARING_MGMT));
        env.put("CITYBRAIN_CONSOLE_PORT", String.valueOf(CONSOLE));
        env.put("CITYBRAIN_CONSOLE_MGMT_PORT", String.valueOf(CONSOLE_MGMT));
        // each source keeps its last requests, so a test can see what it was sent (TracingIT: traceparent)
        env.put("CITYBRAIN_SOURCES_JOURNAL", "2000");
        return env;
    }

    private static void run(Duration timeout, String... args) throws IOException, InterruptedException {
        Path log = root.resolve(".citybrain/e2e-launcher.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(
                Stream.concat(Stream.of(root.resolve("citybrain").toString()), Stream.of(args)).toList())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment());
        Process process = builder.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("./citybrain " + String.join(" ", args) + " did not finish in " + timeout
                    + "; see " + log);
        }
        if (process.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log);
            String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
            throw new IllegalStateException("./citybrain " + String.join(" ", args) + " exited with "
                    + process.exitValue() + ":\n" + tail);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
