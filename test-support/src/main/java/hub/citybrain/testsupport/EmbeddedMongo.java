package hub.citybrain.testsupport;

import java.net.InetSocketAddress;

import org.springframework.test.context.DynamicPropertyRegistry;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * An in-memory MongoDB wire server (mongo-java-server) for a test class, on a port of its own. It can be stopped and
 * started again on the same port, as a database that goes away and comes back.
 */
public final class EmbeddedMongo {

    private final int port;
    private MongoServer server;

    private EmbeddedMongo(int port) {
        this.port = port;
        start();
    }

    /** Started on a free port. */
    public static EmbeddedMongo started() {
        return new EmbeddedMongo(Ports.free());
    }

    public String uri() {
        return "mongodb://127.0.0.1:" + port;
    }

    /** Points {@code spring.mongodb.uri} at this server. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", this::uri);
    }

    /** (Re)starts an empty server on this port. */
    public void start() {
        server = new MongoServer(new MemoryBackend());
        server.bind(new InetSocketAddress("127.0.0.1", port));
    }

    /** Stops the server at once, closing its clients' connections; stopping a stopped server does nothing. */
    public void stop() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }
}
