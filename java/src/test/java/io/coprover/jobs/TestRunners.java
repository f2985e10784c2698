package io.coprover.jobs;

import io.coprover.protocol.Bytes;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Runners for worker tests. {@code sleep-hash}: the payload is 8 bytes of milliseconds to work
 * (checking for cancellation every 10 ms) followed by anything; the result is SHA-256 of the payload,
 * so a test can check every result independently.
 */
public final class TestRunners {
    private TestRunners() {}

    public static final String SLEEP_HASH = "sleep-hash";

    public static byte[] payload(long millis, String tag) {
        byte[] t = tag.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + t.length).putLong(millis).put(t).array();
    }

    public static byte[] expected(byte[] payload) {
        return Bytes.sha256(payload);
    }

    public static <S> JobRunner<S> sleepHash() {
        return (payload, ctx) -> {
            long ms = ByteBuffer.wrap(payload).getLong();
            long end = System.nanoTime() + ms * 1_000_000;
            while (System.nanoTime() < end) {
                ctx.checkCancelled();
                Thread.sleep(Math.min(10, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            }
            return expected(payload);
        };
    }

    public static <S> Map<String, JobRunner<S>> standard() {
        return Map.of(SLEEP_HASH, TestRunners.<S>sleepHash());
    }
}
