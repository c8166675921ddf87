package hub.citybrain.support.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The loop on virtual time: every step is decided by the test, so nothing here waits on a clock. */
class DrainLoopTest {

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final AtomicInteger runs = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private DrainLoop loop;

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.stop();
        }
        time.dispose();
    }

    /** A drain that takes {@code takes} of (virtual) time and records how many ran at once. */
    private Mono<Integer> drain(Duration takes) {
        return Mono.defer(() -> {
            runs.incrementAndGet();
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            return Mono.delay(takes, time).thenReturn(1).doFinally(s -> running.decrementAndGet());
        });
    }

    private DrainLoop loop(Duration period, java.util.function.Supplier<Mono<?>> drain) {
        loop = new DrainLoop("test loop", period, drain, time, Duration.ofSeconds(1), Duration.ofSeconds(8));
        return loop;
    }

    @Test
    void drainsAtStartThenEveryPeriod() {
        loop(Duration.ofSeconds(30), () -> drain(Duration.ZERO)).start();
        time.advanceTime(); // what is due now, without moving the clock
        assertThat(runs).hasValue(1);

        time.advanceTimeBy(Duration.ofSeconds(29));
        assertThat(runs).hasValue(1);
        time.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(runs).hasValue(2);
        time.advanceTimeBy(Duration.ofSeconds(60));
        assertThat(runs).hasValue(4);
    }

    @Test
    void aWakeDrainsAtOnceWithoutWaitingForThePeriod() {
        loop(Duration.ofSeconds(30), () -> drain(Duration.ZERO)).start();
        time.advanceTime(); // what is due now, without moving the clock
        time.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(runs).hasValue(1);

        loop.wake();
        time.advanceTime();

        assertThat(runs).hasValue(2);
    }

    @Test
    void neverOverlapsAndFoldsWakesDuringADrainIntoOneMore() {
        loop(Duration.ofSeconds(1), () -> drain(Duration.ofSeconds(10))).start();
        time.advanceTime(); // what is due now, without moving the clock
        assertThat(runs).hasValue(1);

        // ten ticks and a hundred wakes arrive while the first drain runs
        for (int i = 0; i < 100; i++) {
            loop.wake();
        time.advanceTime();
        }
        time.advanceTimeBy(Duration.ofSeconds(9));
        assertThat(runs).hasValue(1);

        time.advanceTimeBy(Duration.ofSeconds(1)); // the first ends: exactly one more starts
        assertThat(runs).hasValue(2);
        time.advanceTimeBy(Duration.ofSeconds(9));
        assertThat(runs).hasValue(2);
        assertThat(mostAtOnce).hasValue(1);
    }

    @Test
    void errorsBackOffAndDoNotEndTheLoop() {
        AtomicInteger calls = new AtomicInteger();
        loop(Duration.ofHours(1), () -> Mono.defer(() -> calls.incrementAndGet() <= 3
                ? Mono.error(new IllegalStateException("broker down"))
                : Mono.just(1))).start();
        time.advanceTime(); // what is due now, without moving the clock
        assertThat(calls).hasValue(1); // failed: retried after 1 s, then 2 s, then 4 s

        time.advanceTimeBy(Duration.ofMillis(999));
        assertThat(calls).hasValue(1);
        time.advanceTimeBy(Duration.ofMillis(1));
        assertThat(calls).hasValue(2);
        loop.wake(); // a wake during the back-off does not cut it short
        time.advanceTimeBy(Duration.ofMillis(1999));
        assertThat(calls).hasValue(2);
        time.advanceTimeBy(Duration.ofMillis(1));
        assertThat(calls).hasValue(3);
        time.advanceTimeBy(Duration.ofSeconds(4));
        assertThat(calls).hasValue(4); // succeeded: the loop goes on as before

        loop.wake();
        time.advanceTime();
        assertThat(calls).hasValue(5);
        assertThat(loop.isStopped()).isFalse();
    }

    @Test
    void aThrowingDrainSupplierIsAFailureLikeAnyOther() {
        AtomicInteger calls = new AtomicInteger();
        loop(Duration.ofHours(1), () -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("bug in the drain");
            }
            return Mono.just(1);
        }).start();
        time.advanceTime(); // what is due now, without moving the clock

        time.advanceTimeBy(Duration.ofSeconds(1));

        assertThat(calls).hasValue(2);
    }

    @Test
    void backOffDoublesUpToItsLimit() {
        DrainLoop loop = loop(Duration.ofSeconds(1), Mono::empty);
        assertThat(loop.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(loop.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(loop.backoff(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(loop.backoff(1_000)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void stopCancelsTheDrainUnderWayAndEndsTheTicks() {
        AtomicInteger cancelled = new AtomicInteger();
        loop(Duration.ofSeconds(1), () -> drain(Duration.ofSeconds(10))
                .doOnCancel(cancelled::incrementAndGet)).start();
        time.advanceTime(); // what is due now, without moving the clock
        assertThat(running).hasValue(1);

        loop.stop();
        time.advanceTimeBy(Duration.ofMinutes(5));
        loop.wake();
        time.advanceTime();

        assertThat(cancelled).hasValue(1);
        assertThat(running).hasValue(0);
        assertThat(runs).hasValue(1);
        assertThat(loop.isStopped()).isTrue();
    }

    @Test
    void aWakeBeforeStartDoesNothing() {
        loop(Duration.ofSeconds(30), () -> drain(Duration.ZERO));
        loop.wake();
        time.advanceTime();
        assertThat(runs).hasValue(0);
    }
}
