package hub.citybrain.devstack;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import hub.citybrain.devstack.sources.SourceSystem;
import hub.citybrain.devstack.sources.SourceSystems;
import hub.citybrain.devstack.world.DemoWorld;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded infrastructure of the local default in one JVM: a MongoDB wire-protocol server persisted to
 * an H2 file (no MongoDB binary can be installed on our machines) and the simulated department source
 * systems. Started by {@code ./citybrain up}; Keycloak and Kafka run as their own processes.
 *
 * <p>Options (each falls back to the environment variable the launcher also uses):
 * {@code --host}, {@code --mongo-port} (CITYBRAIN_MONGO_PORT), {@code --mongo-file}
 * (CITYBRAIN_HOME/mongo/citybrain.mv), {@code --sources-port} (CITYBRAIN_SOURCES_PORT);
 * {@code --sources-journal N} (CITYBRAIN_SOURCES_JOURNAL, default 0) keeps each source's last N requests, readable
 * at {@code /__admin/requests}; {@code --sources-only} starts the source systems without the MongoDB wire server
 * (the docker-compose image, beside a real MongoDB); {@code --print-showcase} prints the demo world's showcase
 * person and exits.
 */
public final class DevStack {

    /** The launcher waits for this line in the log. */
    static final String READY_LINE = "citybrain devstack ready";

    private static final Logger log = LoggerFactory.getLogger(DevStack.class);

    private DevStack() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        if (options.printShowcase()) {
            System.out.println(DemoWorld.generate().showcasePerson().idNumber());
            return;
        }
        long started = System.nanoTime();

        AtomicReference<SourceSystems> sources = new AtomicReference<>();
        if (options.sourcesOnly()) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(sources.get()), "devstack-shutdown"));
            startSources(options, sources);
            ready(started);
            return;
        }
        Path mongoFile = options.mongoFile();
        Files.createDirectories(mongoFile.toAbsolutePath().getParent());
        // committed per write: an acknowledged write survives a kill -9 of this process (DurableH2Backend)
        H2Backend backend = DurableH2Backend.open(mongoFile.toString());
        // The newest server version mongo-java-server can speak (MongoDB 5.0, wire version 8). mongosh 2.x insists on
        // wire version 9 and refuses to connect; mongosh 1.10.6 works (docs/operations.md, "Inspect the data").
        backend.version(ServerVersion.MONGO_5_0);
        MongoServer mongo = new MongoServer(backend);
        // Registered before anything binds, so a SIGTERM during start-up still closes the H2 file.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down: the source systems, the MongoDB wire server and its H2 file");
            close(sources.get());
            mongo.shutdown();
            backend.close();
        }, "devstack-shutdown"));
        mongo.bind(options.host(), options.mongoPort());
        log.info("MongoDB wire server on mongodb://{}:{} (H2 file {})", options.host(), options.mongoPort(), mongoFile);

        startSources(options, sources);
        ready(started);
        // Netty and Jetty threads keep the JVM alive until SIGTERM runs the shutdown hook.
    }

    private static void startSources(Options options, AtomicReference<SourceSystems> sources) {
        sources.set(SourceSystems.start(options.host(), options.sourcesPort(), DemoWorld.generate(),
                options.sourcesJournal()));
        for (SourceSystem system : sources.get().systems()) {
            log.info("source system {} ({}) on {}", system.name(), system.level(), system.baseUrl());
        }
    }

    private static void ready(long started) {
        System.out.printf("%s in %d ms%n", READY_LINE, (System.nanoTime() - started) / 1_000_000);
        System.out.flush();
    }

    private static void close(SourceSystems running) {
        if (running != null) {
            running.close();
        }
    }

    record Options(String host, int mongoPort, Path mongoFile, int sourcesPort, int sourcesJournal,
            boolean sourcesOnly, boolean printShowcase) {

        static Options parse(String[] args) {
            String home = env("CITYBRAIN_HOME", ".citybrain");
            String host = "127.0.0.1";
            int mongoPort = Integer.parseInt(env("CITYBRAIN_MONGO_PORT", "27017"));
            Path mongoFile = Path.of(home, "mongo", "citybrain.mv");
            int sourcesPort = Integer.parseInt(env("CITYBRAIN_SOURCES_PORT", "8301"));
            int sourcesJournal = Integer.parseInt(env("CITYBRAIN_SOURCES_JOURNAL", "0"));
            boolean sourcesOnly = false;
            boolean printShowcase = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--host" -> host = value(args, ++i);
                    case "--mongo-port" -> mongoPort = Integer.parseInt(value(args, ++i));
                    case "--mongo-file" -> mongoFile = Path.of(value(args, ++i));
                    case "--sources-port" -> sourcesPort = Integer.parseInt(value(args, ++i));
                    case "--sources-journal" -> sourcesJournal = Integer.parseInt(value(args, ++i));
                    case "--sources-only" -> sourcesOnly = true;
                    case "--print-showcase" -> printShowcase = true;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(host, mongoPort, mongoFile, sourcesPort, sourcesJournal, sourcesOnly, printShowcase);
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException("option " + args[i - 1] + " needs a value");
            }
            return args[i];
        }

        private static String env(String name, String fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : value;
        }
    }
}
