package hub.citybrain.sharing.audit;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bson.types.Decimal128;

/**
 * The hash of an audit entry: SHA-256 over a canonical serialisation of the stored document (its sequence number
 * and predecessor's hash included), everything but the {@code hash} field itself.
 *
 * <p>The serialisation is computed from the document exactly as it is stored, not from a Java object mapped to
 * it, so that the check never depends on a mapper's settings: keys sorted at every level, lists in order,
 * strings JSON-escaped, numbers in their decimal form, dates as epoch milliseconds (BSON keeps milliseconds).
 */
final class ChainHash {

    /** The predecessor of the first entry. */
    static final String GENESIS = "0".repeat(64);
    static final String HASH_FIELD = "hash";

    private ChainHash() {
    }

    static String of(Map<String, ?> entry) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical(entry).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    static String canonical(Map<String, ?> entry) {
        StringBuilder out = new StringBuilder(1024);
        writeMap(entry, out, true);
        return out.toString();
    }

    private static void writeMap(Map<String, ?> map, StringBuilder out, boolean top) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, ?> e : new TreeMap<String, Object>(map).entrySet()) {
            if (top && HASH_FIELD.equals(e.getKey())) {
                continue;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(e.getKey(), out);
            out.append(':');
            write(e.getValue(), out);
        }
        out.append('}');
    }

    @SuppressWarnings("unchecked")
    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            writeString(s, out);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof Double || value instanceof BigDecimal || value instanceof Decimal128) {
            out.append(new BigDecimal(value.toString()).stripTrailingZeros().toPlainString());
        } else if (value instanceof Date d) {
            out.append("{\"$date\":").append(d.getTime()).append('}');
        } else if (value instanceof Map<?, ?> m) {
            writeMap((Map<String, ?>) m, out, false);
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i), out);
            }
            out.append(']');
        } else {
            // Refuse rather than guess: a type without a fixed canonical form would make hashes unstable.
            throw new IllegalArgumentException("No canonical form for " + value.getClass().getName());
        }
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
