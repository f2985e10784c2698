package io.coprover.net.http;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body without holding a thread while it waits: each call reads what has arrived
 * and asks Jetty to call again when there is more. Counts as it goes, so a chunked body (no
 * Content-Length) is refused with 413 as soon as it passes the limit, and a stalled or cut body
 * ends in an error status instead of a hang.
 */
final class BodyReader implements Runnable {
    interface Failure {
        void failed(int status, String message);
    }

    private static final int INITIAL = 64 << 10;

    private final Request request;
    private final int max;
    private final long minBytesPerSecond;
    /** The most the buffer will need: the declared length (Jetty enforces it) or the limit. */
    private final int cap;

    private final Consumer<byte[]> done;
    private final Failure failure;
    private byte[] buf;
    private int size;

    BodyReader(
            Request request, int max, long declared, long minBytesPerSecond, Consumer<byte[]> done, Failure failure) {
        this.request = request;
        this.max = max;
        this.minBytesPerSecond = minBytesPerSecond;
        this.done = done;
        this.failure = failure;
        // the buffer grows with what arrives, not with what is declared: a client that declares
        // 64 MiB and sends 10 bytes costs 64 KiB, not 64 MiB
        this.cap = (int) (declared >= 0 ? Math.min(declared, max) : max);
        this.buf = new byte[Math.min(declared >= 0 ? cap : 8192, INITIAL)];
    }

    @Override
    public void run() {
        while (true) {
            Content.Chunk c = request.read();
            if (c == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(c)) {
                fail(c.getFailure());
                return;
            }
            ByteBuffer b = c.getByteBuffer();
            int n = b.remaining();
            if (n > max - size) {
                c.release();
                failure.failed(413, "request body exceeds the limit of " + max + " bytes");
                return;
            }
            if (size + n > buf.length)
                buf = Arrays.copyOf(buf, (int) Math.max(size + n, Math.min(cap, 2L * buf.length)));
            b.get(buf, size, n);
            size += n;
            boolean last = c.isLast();
            c.release();
            if (!last && tooSlow()) return;
            if (last) {
                done.accept(size == buf.length ? buf : Arrays.copyOf(buf, size));
                return;
            }
        }
    }

    /**
     * True (and answered 408) when the body so far averages under the minimum rate, counted from
     * the end of the headers after a first second of grace. Checked as bytes arrive, so a client
     * dripping a byte just inside each idle timeout is cut at its first drip past the minimum.
     */
    private boolean tooSlow() {
        if (minBytesPerSecond <= 0) return false;
        long nanos = System.nanoTime() - request.getHeadersNanoTime();
        if (nanos < 1_000_000_000L) return false;
        double rate = size * 1e9 / nanos;
        if (rate >= minBytesPerSecond) return false;
        failure.failed(
                408,
                String.format(
                        "request body arriving at %.0f bytes/s (%d bytes in %.1f s), under the minimum of %d bytes/s",
                        rate, size, nanos / 1e9, minBytesPerSecond));
        return true;
    }

    private void fail(Throwable t) {
        if (t instanceof TimeoutException) {
            failure.failed(
                    408, "request body incomplete after " + size + " bytes: nothing arrived within the idle timeout");
        } else if (t instanceof HttpException bad) {
            failure.failed(
                    bad.getCode() >= 400 ? bad.getCode() : 400,
                    "bad request body after " + size + " bytes: " + bad.getReason());
        } else {
            failure.failed(400, "request body cut short after " + size + " bytes: " + t);
        }
    }
}
