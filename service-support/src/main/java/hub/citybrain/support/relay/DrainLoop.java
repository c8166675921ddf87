package hub.citybrain.support.relay;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The one loop behind "publish what waits in MongoDB, mark it after the broker's acknowledgement, sweep slowly as a
 * safety net" (the registry outbox, the access relay, the agreement expiry sweep).
 * <p>
 * It runs a <em>drain</em> step (a publisher that does the work due and completes) when it is {@linkplain #wake()
 * woken} by the write that created work, and otherwise every {@code period}, first at {@link #start()}. It never
 * runs two drains at once: signals that arrive during a drain fold into one more drain right after it, so work
 * written while a drain was reading is not left to the next period. A failed drain is logged and retried after a
 * back-off that doubles from {@code firstBackoff} up to {@code maxBackoff}; one drain that succeeds resets it. An
 * error never ends the loop; only {@link #stop()} does, and it cancels a drain under way.
 * <p>
 * What the drain guarantees (nothing lost, duplicates) stays the drain's business: the loop only decides when it runs.
 * <p>
 * Declared as a bean, Spring starts it once the context is refreshed and stops it first at shutdown (the last
 * lifecycle phase), before the MongoDB client and the Kafka producer it drains into are closed.
 */
public final class DrainLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DrainLoop.class);

    public static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final String name;
    private final Duration period;
    private final Supplier<? extends Publisher<?>> drain;
    private final Scheduler scheduler;
    private final Duration firstBackoff;
    private final Duration maxBackoff;

    /** A drain is under way, or a failed one is waiting out its back-off. */
    private final AtomicBoolean running = new AtomicBoolean();
    /** Work may be due: run (again) as soon as nothing is running. */
    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile boolean started;
    private volatile boolean stopped;
    private volatile Disposable ticks;
    private volatile Disposable current;
    private int failures; // only touched by the one drain that holds `running`

    /** A loop on {@link Schedulers#boundedElastic()} with the default back-off (200 ms doubling to 5 s). */
    public DrainLoop(String name, Duration period, Supplier<? extends Publisher<?>> drain) {
        this(name, period, drain, Schedulers.boundedElastic(), FIRST_BACKOFF, MAX_BACKOFF);
    }

    public DrainLoop(String name, Duration period, Supplier<? extends Publisher<?>> drain, Scheduler scheduler,
            Duration firstBackoff, Duration maxBackoff) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException(name + ": the period must be positive, was " + period);
        }
        this.name = Objects.requireNonNull(name);
        this.period = period;
        this.drain = Objects.requireNonNull(drain);
        this.scheduler = Objects.requireNonNull(scheduler);
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff.compareTo(firstBackoff) < 0 ? firstBackoff : maxBackoff;
    }

    /** Runs a first drain at once, then one every period (the safety net) and on every {@link #wake()}. */
    @Override
    public synchronized void start() {
        if (stopped || started) {
            return;
        }
        started = true;
        ticks = scheduler.schedulePeriodically(this::wake, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Work was written: drain soon. Cheap and safe from any thread, including a MongoDB driver thread (the drain
     * itself runs on the loop's scheduler); before {@link #start()} and after {@link #stop()} it does nothing.
     */
    public void wake() {
        if (stopped || !started) {
            return;
        }
        requested.set(true);
        tryRun();
    }

    /** Stops the ticks and cancels a drain under way; the loop cannot be started again. */
    @Override
    public synchronized void stop() {
        stopped = true;
        dispose(ticks);
        dispose(current);
    }

    public boolean isStopped() {
        return stopped;
    }

    @Override
    public boolean isRunning() {
        return started && !stopped;
    }

    private void tryRun() {
        // The check of `requested` after releasing `running` (in release()) closes the window in which a wake
        // could see `running` still set and be lost.
        if (!stopped && requested.get() && running.compareAndSet(false, true)) {
            requested.set(false);
            // checked again on the scheduler: a drain scheduled just before stop() does not start
            current = Flux.<Object>defer(() -> stopped ? Flux.empty() : Flux.from(drain.get()))
                    .subscribeOn(scheduler)
                    .then()
                    .subscribe(null, this::failed, this::succeeded);
        }
    }

    private void succeeded() {
        failures = 0;
        release();
    }

    private void failed(Throwable error) {
        Duration backoff = backoff(++failures);
        log.warn("{} failed ({} in a row), will retry in {}: {}", name, failures, backoff, error.toString());
        requested.set(true); // the work is still due
        if (stopped) {
            return;
        }
        current = scheduler.schedule(this::release, backoff.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void release() {
        running.set(false);
        tryRun();
    }

    Duration backoff(int failuresInARow) {
        Duration backoff = firstBackoff;
        for (int i = 1; i < failuresInARow && backoff.compareTo(maxBackoff) < 0; i++) {
            backoff = backoff.multipliedBy(2);
        }
        return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
    }

    private static void dispose(Disposable disposable) {
        if (disposable != null) {
            disposable.dispose();
        }
    }

    @Override
    public String toString() {
        return "DrainLoop[" + name + ", every " + period + "]";
    }
}
