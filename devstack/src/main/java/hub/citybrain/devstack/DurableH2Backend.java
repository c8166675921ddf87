package hub.citybrain.devstack;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend, made to keep what it acknowledges. The stock {@code new H2Backend(file)} opens
 * the MVStore with H2's default auto-commit delay (1 s): a write is answered "ok" at once and reaches the file up to
 * a second later, so a {@code kill -9} of the wire server loses writes the hub was told were stored (the fault
 * suite's mongo-kill lost 3 access records that way). Here every command that changed the store is committed to the
 * file before its answer goes out. A committed chunk is in the operating system's page cache, which outlives the
 * process; surviving a power cut would also need an fsync per write, which the local stack does not pay for. The
 * background writer stays on: it still compacts the file.
 */
final class DurableH2Backend extends H2Backend {

    private final MVStore store;

    private DurableH2Backend(MVStore store) {
        super(store);
        this.store = store;
    }

    static DurableH2Backend open(String fileName) {
        return new DurableH2Backend(new MVStore.Builder().fileName(fileName).open());
    }

    /**
     * Both wire paths end here: OP_MSG (what the drivers send) through {@code handleMessage}, and the legacy
     * {@code $cmd} queries.
     */
    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        Document response = super.handleCommand(channel, database, command, query);
        if (store.hasUnsavedChanges()) {
            // MVStore.commit waits for a commit another thread has under way and then stores what is left, so a
            // write is in the file when this returns, whichever thread wrote it.
            commit();
        }
        return response;
    }
}
