package hub.citybrain.sharing.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.Test;

class ChainHashTest {

    @Test
    void shouldHashTheSameContentTheSameWhateverTheKeyOrderAndMapType() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("seq", 1L);
        a.put("nested", Map.of("x", 1, "y", List.of("a", "b")));
        a.put("at", new Date(1_700_000_000_123L));
        Document b = new Document("at", new Date(1_700_000_000_123L))
                .append("nested", new Document("y", List.of("a", "b")).append("x", 1))
                .append("seq", 1L);

        assertThat(ChainHash.of(a)).isEqualTo(ChainHash.of(b)).matches("[0-9a-f]{64}");
    }

    @Test
    void shouldLeaveTheHashFieldOutAndSeeEveryOtherChange() {
        Document entry = new Document("seq", 3L).append("prevHash", ChainHash.GENESIS).append("outcome", "DENIED");
        String hash = ChainHash.of(entry);

        assertThat(ChainHash.of(new Document(entry).append("hash", "anything"))).isEqualTo(hash);
        assertThat(ChainHash.of(new Document(entry).append("outcome", "ANSWERED"))).isNotEqualTo(hash);
        assertThat(ChainHash.of(new Document(entry).append("seq", 4L))).isNotEqualTo(hash);
        assertThat(ChainHash.of(new Document(entry).append("prevHash", "1".repeat(64)))).isNotEqualTo(hash);
    }

    @Test
    void shouldEscapeStringsSoThatDifferentContentCannotSerialiseAlike() {
        assertThat(ChainHash.canonical(Map.of("a", "x\",\"b\":\"y")))
                .isNotEqualTo(ChainHash.canonical(Map.of("a", "x", "b", "y")));
    }

    @Test
    void shouldRefuseATypeWithoutACanonicalForm() {
        assertThatThrownBy(() -> ChainHash.of(Map.of("a", new Object()))).isInstanceOf(IllegalArgumentException.class);
    }
}
