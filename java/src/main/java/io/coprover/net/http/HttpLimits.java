package io.coprover.net.http;

/**
 * The limits every coprover HTTP server ({@link HttpService}) enforces below its routes: how long
 * a connection may sit idle or a body trickle in, how many connections one peer (remote IP
 * address) and everyone together may hold, and how large the request headers may be. Body limits
 * are per route ({@link HttpService.Builder#route}).
 *
 * @param idleTimeoutMillis       a connection on which no byte moves for this long is closed; a
 *                                request whose body stalls that long is answered 408 and its
 *                                connection closed, so a slow client holds no thread and no other
 *                                client waits for it (default 10 000)
 * @param minBodyBytesPerSecond   a body arriving slower than this on average (from the end of its
 *                                headers) is cut with 408, so a client that sends a byte just inside
 *                                each idle timeout cannot hold a request open for hours; 0 turns the
 *                                check off (default 1024)
 * @param maxConnections          open connections to this server in total; beyond it new ones wait
 *                                in the operating system's accept queue until one closes (default 512)
 * @param maxConnectionsPerPeer   open connections from one remote IP address; beyond it a new one is
 *                                answered 503 and closed at once (default 32: a node keeps one per
 *                                gossip peer and a few to the contract host)
 * @param maxHeaderBytes          request line and headers together; larger is refused by the server
 *                                with 431 (default 8192)
 * @param threads                 threads that run the routes' handlers (long polls hold one each);
 *                                waiting for a request or its body holds none (default 16)
 */
public record HttpLimits(
        long idleTimeoutMillis,
        long minBodyBytesPerSecond,
        int maxConnections,
        int maxConnectionsPerPeer,
        int maxHeaderBytes,
        int threads) {
    public HttpLimits {
        if (idleTimeoutMillis < 1)
            throw new IllegalArgumentException("idleTimeoutMillis must be ≥ 1: " + idleTimeoutMillis);
        if (minBodyBytesPerSecond < 0)
            throw new IllegalArgumentException("minBodyBytesPerSecond must be ≥ 0: " + minBodyBytesPerSecond);
        if (maxConnections < 1) throw new IllegalArgumentException("maxConnections must be ≥ 1: " + maxConnections);
        if (maxConnectionsPerPeer < 1 || maxConnectionsPerPeer > maxConnections) {
            throw new IllegalArgumentException("maxConnectionsPerPeer must be 1.." + maxConnections
                    + " (maxConnections): " + maxConnectionsPerPeer);
        }
        if (maxHeaderBytes < 256) throw new IllegalArgumentException("maxHeaderBytes must be ≥ 256: " + maxHeaderBytes);
        if (threads < 1 || threads > 4096) throw new IllegalArgumentException("threads must be 1..4096: " + threads);
    }

    /** The defaults above. */
    public static HttpLimits defaults() {
        return new HttpLimits(10_000, 1024, 512, 32, 8192, 16);
    }

    public HttpLimits withIdleTimeoutMillis(long ms) {
        return new HttpLimits(
                ms, minBodyBytesPerSecond, maxConnections, maxConnectionsPerPeer, maxHeaderBytes, threads);
    }

    public HttpLimits withConnections(int total, int perPeer) {
        return new HttpLimits(idleTimeoutMillis, minBodyBytesPerSecond, total, perPeer, maxHeaderBytes, threads);
    }

    public HttpLimits withThreads(int n) {
        return new HttpLimits(
                idleTimeoutMillis, minBodyBytesPerSecond, maxConnections, maxConnectionsPerPeer, maxHeaderBytes, n);
    }
}
