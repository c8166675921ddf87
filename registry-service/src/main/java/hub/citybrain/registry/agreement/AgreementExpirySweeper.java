package hub.citybrain.registry.agreement;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import hub.citybrain.support.relay.DrainLoop;
import jakarta.annotation.PreDestroy;
import reactor.core.publisher.Mono;

/**
 * Expires agreements at {@code validUntil} by itself, every {@code citybrain.agreements.expiry-sweep} (1s by
 * default). The store has no TTL to rely on (and TTL would delete, not expire), so the hub sweeps; readers never
 * rely on the sweep alone: the sharing service refuses an agreement past its {@code validUntil} whatever its status.
 * Several registry instances may sweep at once: the conditional update lets exactly one of them win.
 */
@Component
class AgreementExpirySweeper {

    private static final Logger log = LoggerFactory.getLogger(AgreementExpirySweeper.class);

    private final Agreements agreements;
    private final DrainLoop loop;

    AgreementExpirySweeper(Agreements agreements,
            @Value("${citybrain.agreements.expiry-sweep:1s}") Duration interval) {
        this.agreements = agreements;
        this.loop = new DrainLoop("Agreement expiry sweep", interval, this::expireDue);
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        loop.start();
    }

    @PreDestroy
    void stop() {
        loop.stop();
    }

    private Mono<Long> expireDue() {
        return agreements.expireDue(Instant.now()).doOnNext(expired -> {
            if (expired > 0) {
                log.info("Expired {} agreement(s) whose validity ended", expired);
            }
        });
    }
}
