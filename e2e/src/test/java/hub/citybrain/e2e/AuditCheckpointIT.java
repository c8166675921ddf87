package hub.citybrain.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import hub.citybrain.devstack.world.DemoWorld;

/**
 * Signed audit checkpoints through the gateway: a checkpoint taken on demand, then the audit log changed directly
 * in MongoDB as someone with database access would (the tail deleted; an entry edited and every hash after it
 * recomputed), and verify must name what was done. The stack is shared with the other end-to-end tests, so each
 * change is made to entries this test itself added at the tail, and put back byte for byte afterwards: the
 * checkpoint stays in Kafka for good, and the restored log matches it.
 */
@ExtendWith(EmbeddedStack.class)
@DisplayName("Signed audit checkpoints")
class AuditCheckpointIT {

    static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    @DisplayName("a deleted tail and a re-sealed chain after a checkpoint are reported; the restored log verifies")
    void shouldReportATruncatedAndAResealedLog() {
        String auditor = Tokens.auditor();
        try (AuditStore store = new AuditStore()) {
            long head = checkpointOwnTail(store, auditor);

            // 1. the last two entries deleted: the shorter chain is consistent, only the checkpoint shows the loss
            List<Document> tail = entriesFrom(store, head - 1);
            store.auditLog().deleteMany(Filters.gte("seq", head - 1));
            try {
                JsonNode truncated = verify(auditor);
                assertThat(truncated.path("intact").asBoolean()).as(truncated.toString()).isFalse();
                assertThat(truncated.path("problem").asText()).isEqualTo("TAIL_TRUNCATED");
                assertThat(truncated.path("brokenAt").asLong()).isEqualTo(head - 1);
            } finally {
                restore(store, tail);
            }
            assertIntactUpTo(auditor, head);

            // 2. an entry edited and every later hash recomputed: each link fits, the signed hash does not
            List<Document> originals = entriesFrom(store, head - 1);
            restore(store, resealed(originals));
            try {
                JsonNode resealed = verify(auditor);
                assertThat(resealed.path("intact").asBoolean()).as(resealed.toString()).isFalse();
                assertThat(resealed.path("problem").asText()).isEqualTo("CHECKPOINT_MISMATCH");
                assertThat(resealed.path("brokenAt").asLong()).isEqualTo(head);
                assertThat(resealed.path("verified").asLong()).isEqualTo(head - 1);
            } finally {
                restore(store, originals);
            }
            assertIntactUpTo(auditor, head);
        }
    }

    @Test
    @DisplayName("a checkpoint is for auditors and hub admins only")
    void shouldRefuseCheckpointsToOthers() {
        String url = EmbeddedStack.gateway() + "/api/v1/audit/checkpoints";
        Http.Response anonymous = Http.post(url, null, Map.of(), Map.of());
        assertThat(anonymous.status()).isEqualTo(401);
        Http.Response department = Http.post(url, Tokens.clientCredentials(Queries.CONSUMER), Map.of(), Map.of());
        assertThat(department.status()).as(department.raw()).isEqualTo(403);
        assertThat(department.body().path("code").asText()).isEqualTo("FORBIDDEN");
    }

    /**
     * Adds two entries of its own (two answered queries), waits until nothing else is being appended (other tests'
     * events may still be arriving), and takes a checkpoint of that head through the gateway.
     */
    long checkpointOwnTail(AuditStore store, String auditor) {
        String token = Tokens.clientCredentials(Queries.CONSUMER);
        store.awaitInAuditLog(List.of(Queries.answered(token, DemoWorld.SHOWCASE_ID_NUMBER),
                Queries.answered(token, DemoWorld.SHOWCASE_ID_NUMBER)));
        long[] seen = { -1 };
        long head = await().atMost(WAIT).pollDelay(Duration.ofSeconds(2)).pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    long previous = seen[0];
                    seen[0] = lastSeq(store);
                    return previous == seen[0] ? seen[0] : -1L;
                }, h -> h > 0);

        Http.Response taken = Http.post(EmbeddedStack.gateway() + "/api/v1/audit/checkpoints", auditor, Map.of(),
                Map.of());
        assertThat(taken.status()).as(taken.raw()).isIn(200, 201);
        assertThat(taken.body().path("sequence").asLong()).isEqualTo(head);
        assertThat(taken.body().path("signature").asText()).isNotBlank();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> verify(auditor).path("checkpoint").path("sequence").asLong() >= head);
        return head;
    }

    static JsonNode verify(String auditor) {
        Http.Response response = Http.get(EmbeddedStack.gateway() + "/api/v1/audit/verify", auditor);
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        return response.body();
    }

    static void assertIntactUpTo(String auditor, long head) {
        JsonNode result = verify(auditor);
        assertThat(result.path("intact").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.path("checkpoint").path("sequence").asLong()).isGreaterThanOrEqualTo(head);
    }

    static long lastSeq(AuditStore store) {
        Document last = store.auditLog().find().sort(Sorts.descending("seq")).limit(1).first();
        return last == null ? 0 : ((Number) last.get("seq")).longValue();
    }

    static List<Document> entriesFrom(AuditStore store, long seq) {
        return store.auditLog().find(Filters.gte("seq", seq)).sort(Sorts.ascending("seq")).into(new ArrayList<>());
    }

    /** Puts each document back in place of the one with its {@code _id} (or where it was deleted). */
    static void restore(AuditStore store, List<Document> documents) {
        for (Document document : documents) {
            store.auditLog().deleteOne(Filters.eq("_id", document.get("_id")));
            store.auditLog().insertOne(document);
        }
    }

    /** The first entry's purpose changed, and every entry from it on sealed again: a consistent, forged chain. */
    static List<Document> resealed(List<Document> originals) {
        List<Document> forged = new ArrayList<>();
        String prev = null;
        for (Document original : originals) {
            Document copy = new Document(original);
            if (prev == null) {
                // the sealing below follows docs/audit.md; checked first on the untouched entry, so that a change
                // of the canonical form fails here and not as a puzzling verify result
                assertThat(Sealing.hash(original)).isEqualTo(original.getString("hash"));
                Document access = new Document(original.get("access", Document.class));
                copy.put("access", access.append("purpose", "CURIOSITY"));
            } else {
                copy.put("prevHash", prev);
            }
            prev = Sealing.hash(copy);
            copy.put("hash", prev);
            forged.add(copy);
        }
        return forged;
    }

    /**
     * The entry hash as docs/audit.md describes it, written from that description as an outsider (or a forger)
     * would: SHA-256 over the document without its {@code hash}, keys sorted at every level, JSON strings,
     * decimal numbers, dates as {@code {"$date":millis}}.
     */
    static final class Sealing {

        static String hash(Document entry) {
            StringBuilder out = new StringBuilder();
            map(entry, out, true);
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(out.toString().getBytes(StandardCharsets.UTF_8)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static void map(Map<String, ?> map, StringBuilder out, boolean top) {
            out.append('{');
            String sep = "";
            for (Map.Entry<String, ?> e : new TreeMap<String, Object>(map).entrySet()) {
                if (top && e.getKey().equals("hash")) {
                    continue;
                }
                out.append(sep);
                sep = ",";
                string(e.getKey(), out);
                out.append(':');
                value(e.getValue(), out);
            }
            out.append('}');
        }

        @SuppressWarnings("unchecked")
        private static void value(Object v, StringBuilder out) {
            if (v == null) {
                out.append("null");
            } else if (v instanceof String s) {
                string(s, out);
            } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
                out.append(v);
            } else if (v instanceof Number n) {
                out.append(new BigDecimal(n.toString()).stripTrailingZeros().toPlainString());
            } else if (v instanceof Date d) {
                out.append("{\"$date\":").append(d.getTime()).append('}');
            } else if (v instanceof Map<?, ?> m) {
                map((Map<String, ?>) m, out, false);
            } else if (v instanceof List<?> list) {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    out.append(i > 0 ? "," : "");
                    value(list.get(i), out);
                }
                out.append(']');
            } else {
                throw new IllegalArgumentException("no canonical form for " + v.getClass());
            }
        }

        private static void string(String s, StringBuilder out) {
            out.append('"');
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            out.append('"');
        }
    }
}
