package io.coprover.net.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.eclipse.jetty.io.SelectorManager;

/**
 * At most {@code max} open connections per remote IP address. Runs as the connection is accepted,
 * before Jetty gives it an endpoint, a parser or any buffer: one over the bound gets a fixed 503
 * (written straight to the fresh socket, which always has room for it) and is closed, so a flood
 * from one address costs an accept and a close each and never fills the server's total
 * ({@link HttpLimits#maxConnections}) that other peers need.
 */
final class PeerLimit implements SelectorManager.AcceptListener {
    private static final byte[] REFUSAL =
            ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                            + "Content-Length: 35\r\nConnection: close\r\n\r\ntoo many connections from your host")
                    .getBytes(StandardCharsets.US_ASCII);

    private final String name;
    private final int max;
    private final Map<InetAddress, Integer> open = new HashMap<>();
    /** The address each counted channel was counted under (refused ones are not here). */
    private final Map<SelectableChannel, InetAddress> counted = new HashMap<>();

    private final AtomicLong refused = new AtomicLong();

    PeerLimit(String name, int max) {
        this.name = name;
        this.max = max;
    }

    /** Connections refused so far. */
    long refused() {
        return refused.get();
    }

    @Override
    public void onAccepting(SelectableChannel channel) {
        if (!(channel instanceof SocketChannel sc)) return;
        InetAddress peer;
        try {
            peer = ((InetSocketAddress) sc.getRemoteAddress()).getAddress();
        } catch (IOException | RuntimeException e) {
            return; // already gone: Jetty fails its registration
        }
        int n;
        synchronized (this) {
            n = open.getOrDefault(peer, 0);
            if (n < max) {
                open.put(peer, n + 1);
                counted.put(channel, peer);
                return;
            }
        }
        if (refused.incrementAndGet() == 1 || refused.get() % 1000 == 0) {
            HttpService.log(
                    Level.WARNING,
                    "http.peer_limit",
                    "server",
                    name,
                    "peer",
                    peer.getHostAddress(),
                    "open",
                    n,
                    "limit",
                    max,
                    "refused_total",
                    refused.get());
        }
        try {
            sc.write(ByteBuffer.wrap(REFUSAL));
        } catch (IOException | RuntimeException ignored) {
            // the peer went away: closing is all that is left
        }
        try {
            sc.close(); // Jetty then fails the registration of the closed channel (onAcceptFailed)
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    @Override
    public void onAcceptFailed(SelectableChannel channel, Throwable cause) {
        release(channel);
    }

    @Override
    public void onClosed(SelectableChannel channel) {
        release(channel);
    }

    private synchronized void release(SelectableChannel channel) {
        InetAddress peer = counted.remove(channel);
        if (peer == null) return;
        int n = open.getOrDefault(peer, 1) - 1;
        if (n <= 0) open.remove(peer);
        else open.put(peer, n);
    }
}
