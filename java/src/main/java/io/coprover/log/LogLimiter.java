package io.coprover.log;

import java.util.function.LongSupplier;

/**
 * Bounds how many lines of one kind a log takes when a peer can make them (a line per refused
 * message is a disk-filling lever): a token bucket of {@code burst} lines refilled at
 * {@code perSecond}. A line over the bound is not written but counted; the next line written
 * reports how many were suppressed before it, so nothing goes unaccounted. Thread-safe.
 */
public final class LogLimiter {
    private final double perSecond;
    private final double burst;
    private final LongSupplier nanos;
    private double tokens;
    private long last;
    private long suppressed;

    public LogLimiter(double perSecond, int burst) {
        this(perSecond, burst, System::nanoTime);
    }

    LogLimiter(double perSecond, int burst, LongSupplier nanos) {
        if (perSecond <= 0 || burst < 1)
            throw new IllegalArgumentException("log limiter: rate and burst must be positive");
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanos = nanos;
        this.tokens = burst;
        this.last = nanos.getAsLong();
    }

    /**
     * Whether a line may be written now: -1 if not (it is counted as suppressed), else the number
     * of lines suppressed since the last one written (0 mostly), which the caller should report.
     */
    public synchronized long admit() {
        long now = nanos.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
        last = now;
        if (tokens < 1) {
            suppressed++;
            return -1;
        }
        tokens -= 1;
        long s = suppressed;
        suppressed = 0;
        return s;
    }
}
