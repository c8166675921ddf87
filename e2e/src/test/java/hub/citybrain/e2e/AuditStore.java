package hub.citybrain.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;

/**
 * The sharing service's access records and audit log, read straight from the MongoDB wire server: what the tests
 * hold the hub's answers against. Read only; nothing here writes.
 */
final class AuditStore implements AutoCloseable {

    private final MongoClient mongo = MongoClients.create("mongodb://127.0.0.1:" + EmbeddedStack.MONGO);

    MongoCollection<Document> auditLog() {
        return mongo.getDatabase("sharing").getCollection("audit_log");
    }

    MongoCollection<Document> accessRecords() {
        return mongo.getDatabase("sharing").getCollection("access_records");
    }

    /** How many audit log entries each query id has (counted by the id inside the entry, not by the key). */
    Map<String, Long> auditEntriesPerQuery(Collection<String> queryIds) {
        Map<String, Long> counts = new LinkedHashMap<>();
        queryIds.forEach(id -> counts.put(id, 0L));
        auditLog().find(new Document("access.queryId", new Document("$in", List.copyOf(queryIds))))
                .forEach(doc -> counts.merge(doc.get("access", Document.class).getString("queryId"), 1L, Long::sum));
        return counts;
    }

    /** Waits until every query id is in the audit log; then the count per id, in which a repeat would show. */
    Map<String, Long> awaitInAuditLog(Collection<String> queryIds) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !auditEntriesPerQuery(queryIds).containsValue(0L));
        return auditEntriesPerQuery(queryIds);
    }

    List<Document> accessRecordsOf(Collection<String> queryIds) {
        return accessRecords().find(new Document("_id", new Document("$in", List.copyOf(queryIds))))
                .into(new ArrayList<>());
    }

    @Override
    public void close() {
        mongo.close();
    }
}
