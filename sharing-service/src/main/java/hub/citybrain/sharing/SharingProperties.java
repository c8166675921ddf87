package hub.citybrain.sharing;

import static hub.citybrain.sharing.PropertyDefaults.givenOr;
import static hub.citybrain.sharing.PropertyDefaults.positiveOr;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param subjectHmacKey key of the HMAC that replaces subject keys (ID numbers) in access records; from the
 *        environment only, never committed
 * @param queryDeadline the longest a query may take, whatever its sources' own timeouts
 * @param fanOutConcurrency how many source calls one query makes at once
 * @param maxFields the most fields one query may ask for
 * @param cacheMaxAge the longest a fact is served from the cache, whatever its source's update cycle; zero turns
 *        the fact cache off
 * @param batchConcurrency how many subjects of one batch are queried at once
 */
@ConfigurationProperties("citybrain.sharing")
public record SharingProperties(String subjectHmacKey, Duration queryDeadline, int fanOutConcurrency,
        int maxFields, Duration cacheMaxAge, int batchConcurrency) {

    public SharingProperties {
        if (subjectHmacKey == null || subjectHmacKey.length() < 16) {
            throw new IllegalStateException("CITYBRAIN_SUBJECT_HMAC_KEY must be set (at least 16 characters): "
                    + "it keys the hash that keeps ID numbers out of the access log");
        }
        queryDeadline = givenOr(queryDeadline, Duration.ofSeconds(5));
        fanOutConcurrency = positiveOr(fanOutConcurrency, 16);
        maxFields = positiveOr(maxFields, 100);
        cacheMaxAge = cacheMaxAge == null || cacheMaxAge.isNegative() ? Duration.ofHours(24) : cacheMaxAge;
        batchConcurrency = positiveOr(batchConcurrency, 8);
    }
}
