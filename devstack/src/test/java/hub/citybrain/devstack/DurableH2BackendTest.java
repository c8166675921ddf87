package hub.citybrain.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableH2BackendTest {

    private static final int WRITES = 200;

    /**
     * A kill -9 leaves the file as it is at that instant: a copy of it taken right after the last acknowledged write,
     * while the server is still running and has not been closed, is what a restarted wire server would open. With the
     * stock {@code new H2Backend(file)} (commit about 1 s later, in the background) the copy misses the writes of the
     * last second.
     */
    @Test
    void shouldKeepEveryAcknowledgedWriteWhenTheProcessDiesWithoutClosingTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("citybrain.mv");
        Path afterKill = dir.resolve("after-kill.mv");

        H2Backend backend = DurableH2Backend.open(file.toString());
        MongoServer server = new MongoServer(backend);
        try {
            use(server, records -> {
                for (int i = 0; i < WRITES; i++) {
                    records.insertOne(new Document("_id", "q-" + i).append("outcome", "ANSWERED"));
                }
                records.updateOne(new Document("_id", "q-0"), new Document("$set", new Document("outcome", "DENIED")));
                records.deleteOne(new Document("_id", "q-1"));
                return null;
            });
            // every write above was acknowledged; "kill -9" now: the file as it is, no commit, no close
            Files.copy(file, afterKill);
        } finally {
            server.shutdownNow();
            backend.close();
        }

        H2Backend reopened = new H2Backend(afterKill.toString());
        MongoServer restarted = new MongoServer(reopened);
        try {
            use(restarted, records -> {
                assertThat(records.countDocuments()).isEqualTo(WRITES - 1);
                assertThat(records.find(new Document("_id", "q-" + (WRITES - 1))).first()).isNotNull();
                assertThat(records.find(new Document("_id", "q-0")).first().getString("outcome")).isEqualTo("DENIED");
                assertThat(records.find(new Document("_id", "q-1")).first()).isNull();
                return null;
            });
        } finally {
            restarted.shutdownNow();
            reopened.close();
        }
    }

    private static void use(MongoServer server, Function<MongoCollection<Document>, Void> work) {
        InetSocketAddress address = server.bind();
        try (MongoClient client = MongoClients.create(
                "mongodb://" + address.getHostString() + ":" + address.getPort())) {
            work.apply(client.getDatabase("citybrain").getCollection("access_records"));
        }
    }
}
