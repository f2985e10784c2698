package io.coprover.node.net;

import io.coprover.net.http.HttpLimits;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Settings of an {@link HttpGossipTransport}.
 *
 * @param self            this node's name on the network ([A-Za-z0-9._:-], 1–64 chars); sent with
 *                        every message as its origin
 * @param listen          address to listen on (port 0 picks a free one)
 * @param peers           the static peer list: where to send (host:port of their listen address)
 * @param maxMessageBytes largest payload sent or accepted (default 4 MiB)
 * @param queueCapacity   messages waiting per peer to be sent, and waiting to be delivered here;
 *                        beyond it a message is dropped and counted as {@code queue_full} (default 1024)
 * @param dedupCapacity   message hashes remembered to drop repeats (default 65536)
 * @param relay           whether a new message is forwarded to the other peers (flooding over a
 *                        partial mesh; repeats are dropped by hash) (default true)
 * @param maxHops         a message is not forwarded further after this many hops (default 8)
 * @param sendAttempts    tries per message and peer before it is dropped as {@code send_failed} (default 3)
 * @param timeoutMillis   connect and request timeout per try (default 3000)
 * @param http            the listening server's timeouts and connection bounds ({@link HttpLimits#defaults()})
 */
public record NetSettings(
        String self,
        InetSocketAddress listen,
        List<InetSocketAddress> peers,
        int maxMessageBytes,
        int queueCapacity,
        int dedupCapacity,
        boolean relay,
        int maxHops,
        int sendAttempts,
        long timeoutMillis,
        HttpLimits http) {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public NetSettings {
        if (self == null || !NAME.matcher(self).matches())
            throw new IllegalArgumentException("node name must be 1-64 of [A-Za-z0-9._:-]: " + self);
        if (listen == null) throw new IllegalArgumentException("listen address is required");
        peers = List.copyOf(peers == null ? List.of() : peers);
        if (maxMessageBytes < 1) throw new IllegalArgumentException("maxMessageBytes must be ≥ 1: " + maxMessageBytes);
        if (queueCapacity < 1) throw new IllegalArgumentException("queueCapacity must be ≥ 1: " + queueCapacity);
        if (dedupCapacity < 1) throw new IllegalArgumentException("dedupCapacity must be ≥ 1: " + dedupCapacity);
        if (maxHops < 1) throw new IllegalArgumentException("maxHops must be ≥ 1: " + maxHops);
        if (sendAttempts < 1) throw new IllegalArgumentException("sendAttempts must be ≥ 1: " + sendAttempts);
        if (timeoutMillis < 1) throw new IllegalArgumentException("timeoutMillis must be ≥ 1: " + timeoutMillis);
        if (http == null) throw new IllegalArgumentException("http limits are required");
    }

    /** The defaults above with this name, listen address and peers. */
    public static NetSettings of(String self, InetSocketAddress listen, List<InetSocketAddress> peers) {
        return new NetSettings(self, listen, peers, 4 << 20, 1024, 65536, true, 8, 3, 3000, HttpLimits.defaults());
    }

    public NetSettings withMaxMessageBytes(int n) {
        return new NetSettings(
                self,
                listen,
                peers,
                n,
                queueCapacity,
                dedupCapacity,
                relay,
                maxHops,
                sendAttempts,
                timeoutMillis,
                http);
    }

    public NetSettings withRelay(boolean r) {
        return new NetSettings(
                self,
                listen,
                peers,
                maxMessageBytes,
                queueCapacity,
                dedupCapacity,
                r,
                maxHops,
                sendAttempts,
                timeoutMillis,
                http);
    }

    public NetSettings withSendAttempts(int n, long timeout) {
        return new NetSettings(
                self, listen, peers, maxMessageBytes, queueCapacity, dedupCapacity, relay, maxHops, n, timeout, http);
    }

    public NetSettings withHttp(HttpLimits l) {
        return new NetSettings(
                self,
                listen,
                peers,
                maxMessageBytes,
                queueCapacity,
                dedupCapacity,
                relay,
                maxHops,
                sendAttempts,
                timeoutMillis,
                l);
    }

    /** Parses {@code host:port} (IPv6 as {@code [::1]:port}); errors name the text. */
    public static InetSocketAddress parseAddress(String text) {
        if (text == null) throw new IllegalArgumentException("address is required (host:port)");
        String s = text.strip();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) throw new IllegalArgumentException("not host:port: '" + text + "'");
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not host:port (port is not a number): '" + text + "'");
        }
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range 0..65535: '" + text + "'");
        return InetSocketAddress.createUnresolved(host, port);
    }
}
