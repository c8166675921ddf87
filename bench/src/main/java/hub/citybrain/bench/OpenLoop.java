package hub.citybrain.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The open-loop schedule shared by the load tools ({@link Rate}, {@link Chaos}): request i is due at
 * origin + i/rate whatever happened to earlier ones, and its latency is measured from that due time, not from
 * when it was actually sent (no coordinated omission). Only {@code maxOutstanding} requests may be in flight; a
 * generator held back by that bound shows as send lag.
 */
final class OpenLoop {

    /** Sends request i (due at {@code dueNanos}); the future completes when its answer (or failure) is in. */
    interface Send {
        CompletableFuture<?> send(long i, long dueNanos);
    }

    private final long interval;
    private final Semaphore outstanding;
    private final AtomicLong maxLag = new AtomicLong();
    /** System.nanoTime() at which request 0 is due. */
    final long origin = System.nanoTime() + 20_000_000L;

    /** {@code perSecond} may be below 1 (one NDJSON batch every few seconds). */
    OpenLoop(double perSecond, int maxOutstanding) {
        this.interval = Math.round(1e9 / perSecond);
        this.outstanding = new Semaphore(maxOutstanding);
    }

    long dueOf(long i) {
        return origin + i * interval;
    }

    /**
     * Sends requests {@code 0..count-1} on schedule (or until {@code stop} says so), measuring the send lag from
     * request {@code lagFrom} on; then waits up to {@code drainSeconds} for the answers still out.
     * @return how many were sent, negative if some were still unanswered after the drain
     */
    long run(long count, long lagFrom, BooleanSupplier stop, Send send, long drainSeconds) throws InterruptedException {
        AtomicLong pending = new AtomicLong();
        CountDownLatch[] drained = { null };
        long sent = 0;
        for (long i = 0; i < count && !stop.getAsBoolean(); i++) {
            long due = dueOf(i);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            outstanding.acquire();
            if (i >= lagFrom) {
                maxLag.accumulateAndGet(System.nanoTime() - due, Math::max);
            }
            pending.incrementAndGet();
            sent++;
            send.send(i, due).whenComplete((r, e) -> {
                outstanding.release();
                pending.decrementAndGet();
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return pending.get() == 0 ? sent : -sent;
    }

    /** How late the generator itself sent its most delayed counted request, in ms. */
    double sendLagMaxMs() {
        return maxLag.get() / 1e6;
    }
}
