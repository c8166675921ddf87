package hub.citybrain.registry.agreement;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import hub.citybrain.support.relay.DrainLoop;

/**
 * Expires agreements at {@code validUntil} by itself, every {@code citybrain.agreements.expiry-sweep} (1s by
 * default). The store has no TTL to rely on (and TTL would delete, not expire), so the hub sweeps; readers never
 * rely on the sweep alone: the sharing service refuses an agreement past its {@code validUntil} whatever its status.
 * Several registry instances may sweep at once: the conditional update lets exactly one of them win.
 */
@Configuration(proxyBeanMethods = false)
class AgreementExpirySweeper {

    private static final Logger log = LoggerFactory.getLogger(AgreementExpirySweeper.class);

    /** Started and stopped with the application; a failed sweep is logged and retried after a short back-off. */
    @Bean
    DrainLoop agreementExpiryLoop(Agreements agreements,
            @Value("${citybrain.agreements.expiry-sweep:1s}") Duration interval) {
        return new DrainLoop("Agreement expiry sweep", interval, () -> agreements.expireDue(Instant.now())
                .doOnNext(expired -> {
                    if (expired > 0) {
                        log.info("Expired {} agreement(s) whose validity ended", expired);
                    }
                }));
    }
}
