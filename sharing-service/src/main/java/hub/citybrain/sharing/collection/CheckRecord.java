package hub.citybrain.sharing.collection;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * Storage document of one collection check: who checked, when, and what the hub saved them from collecting
 * ({@code fieldsSaved} = held fields x subjects). The burden figures are summed from these documents, so they are
 * as durable as MongoDB and add up exactly. No subject is named: a check is about a form, not about persons. Public
 * only so that the burden ledger can name its collection and fields.
 */
@Document(CheckRecord.COLLECTION)
public record CheckRecord(@Id String checkId, Instant checkedAt, String consumer, String consumerLevel,
        String consumerRegion, String clientId, String subjectType, String purpose, int subjects, List<String> labels,
        List<String> heldFields, List<String> toCollect, long fieldsSaved) {

    public static final String COLLECTION = "collection_checks";
}
