package io.coprover.net.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.eclipse.jetty.io.Connection;

/**
 * Request headers must be complete within the idle timeout of their first byte. The idle timeout
 * alone does not cut a client that sends one header byte just inside each timeout (8 KiB of
 * headers would hold a connection for most of a day). A connection waiting for a request whose
 * byte count has grown (Jetty reads and parses in the same thread, and hands a complete header
 * block to the service at once, so grown-but-not-dispatched means headers still coming) is closed
 * once that has lasted longer than the deadline. Checked twice a second by one daemon thread.
 */
final class HeaderDeadline implements Connection.Listener, AutoCloseable {
    /** One connection: whether it waits for a request, its byte count when it began to, and when more bytes were first seen. */
    private static final class Track {
        volatile boolean waiting = true;
        volatile long mark;
        volatile long firstSeen;
    }

    private final String name;
    private final long deadlineNanos;
    private final Map<Connection, Track> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;
    private final AtomicLong cut = new AtomicLong();

    HeaderDeadline(String name, long deadlineMillis) {
        this.name = name;
        this.deadlineNanos = deadlineMillis * 1_000_000L;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-http-deadline");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(50, Math.min(500, deadlineMillis / 4));
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpened(Connection c) {
        open.put(c, new Track());
    }

    @Override
    public void onClosed(Connection c) {
        open.remove(c);
    }

    /** A complete header block reached the service: the connection is busy with a request. */
    void dispatched(Connection c) {
        Track t = open.get(c);
        if (t != null) t.waiting = false;
    }

    /** The request's answer is written: the connection waits for the next one from here. */
    void answered(Connection c) {
        Track t = open.get(c);
        if (t == null) return;
        t.mark = c.getBytesIn();
        t.firstSeen = 0;
        t.waiting = true;
    }

    /** Connections cut so far. */
    long cut() {
        return cut.get();
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Map.Entry<Connection, Track> e : open.entrySet()) {
            Track t = e.getValue();
            if (!t.waiting || e.getKey().getBytesIn() <= t.mark) continue;
            if (t.firstSeen == 0) {
                t.firstSeen = now;
            } else if (now - t.firstSeen > deadlineNanos && t.waiting) {
                long n = cut.incrementAndGet();
                if (n == 1 || n % 1000 == 0) {
                    HttpService.log(
                            Level.WARNING,
                            "http.header_timeout",
                            "server",
                            name,
                            "remote",
                            String.valueOf(e.getKey().getEndPoint().getRemoteSocketAddress()),
                            "deadline_ms",
                            deadlineNanos / 1_000_000,
                            "cut_total",
                            n);
                }
                e.getKey().getEndPoint().close();
            }
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
