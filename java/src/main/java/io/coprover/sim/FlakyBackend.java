package io.coprover.sim;

import io.coprover.backend.ProvingBackend;

/**
 * A device that always fails: every NTT and MSM throws, as a GPU that lost its context would. Put
 * beside a working backend ({@code --backends java+flaky}) it shows the scheduler retrying each
 * failed job on the other worker.
 */
public final class FlakyBackend implements ProvingBackend {
    private final String name;
    private final Runnable onFailure;

    public FlakyBackend(String name) {
        this(name, () -> {});
    }

    /** @param onFailure called before each failure (tests use it to order devices) */
    public FlakyBackend(String name, Runnable onFailure) {
        this.name = name;
        this.onFailure = onFailure;
    }

    private IllegalStateException fail() {
        onFailure.run();
        return new IllegalStateException(name + ": device error (simulated)");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void ntt(long[] data, int logN, int batch) {
        throw fail();
    }

    @Override
    public void intt(long[] data, int logN, int batch) {
        throw fail();
    }

    @Override
    public void cosetNtt(long[] data, int logN, int batch, long[] shift) {
        throw fail();
    }

    @Override
    public void cosetIntt(long[] data, int logN, int batch, long[] shift) {
        throw fail();
    }

    @Override
    public MsmBases loadBases(long[] points, int count) {
        return new MsmBases() {
            @Override
            public int count() {
                return count;
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public long[] msm(MsmBases bases, int start, long[] scalars, int count) {
        throw fail();
    }
}
