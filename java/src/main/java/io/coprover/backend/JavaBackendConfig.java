package io.coprover.backend;

/**
 * Settings of the pure-Java backend.
 *
 * @param threads how many threads one NTT or MSM may use (≥ 1). Default: every available core
 *                ({@link Runtime#availableProcessors()}), since the operations are compute-bound
 *                and split evenly.
 */
public record JavaBackendConfig(int threads) {
    public JavaBackendConfig {
        if (threads < 1) throw new IllegalArgumentException("Java backend: threads must be >= 1, got " + threads);
    }

    /** The defaults: all available cores. */
    public static JavaBackendConfig defaults() {
        return new JavaBackendConfig(Runtime.getRuntime().availableProcessors());
    }

    /** The defaults with another thread count. */
    public JavaBackendConfig withThreads(int t) {
        return new JavaBackendConfig(t);
    }
}
