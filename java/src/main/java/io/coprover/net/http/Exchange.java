package io.coprover.net.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.eclipse.jetty.server.Request;

/**
 * One request as a route sees it: method, raw path and query (as sent, percent-encoding kept),
 * headers, the remote address, the path segments the route's {@code *}s matched, and — once read,
 * within the route's limit — the body. A route's check runs before the body is read and sees
 * {@link #body()} empty.
 */
public final class Exchange {
    private final Request request;
    private final String path, query;
    private final List<String> params;
    private byte[] body = new byte[0];

    Exchange(Request request, String path, List<String> params) {
        this.request = request;
        this.path = path;
        this.query = request.getHttpURI().getQuery();
        this.params = List.copyOf(params);
    }

    public String method() {
        return request.getMethod();
    }

    /** The path as sent (not decoded). */
    public String path() {
        return path;
    }

    /** The query as sent (not decoded), or null when there is none. */
    public String query() {
        return query;
    }

    /** The first value of a request header, or null. */
    public String header(String name) {
        return request.getHeaders().get(name);
    }

    /** Every value of a request header, in order (empty if absent). */
    public List<String> headers(String name) {
        return request.getHeaders().getValuesList(name);
    }

    /** The path segment matched by the route's {@code i}-th {@code *}. */
    public String param(int i) {
        return params.get(i);
    }

    /** The request body: empty until read, and for routes that take none. */
    public byte[] body() {
        return body;
    }

    void body(byte[] b) {
        body = b;
    }

    /** The remote {@code ip:port}, for logs. */
    public String remote() {
        SocketAddress a = request.getConnectionMetaData().getRemoteSocketAddress();
        if (a instanceof InetSocketAddress i && i.getAddress() != null)
            return i.getAddress().getHostAddress() + ":" + i.getPort();
        return String.valueOf(a);
    }

    /** The remote end's IP address alone (no port), as its connection came from. */
    public String remoteHost() {
        SocketAddress a = request.getConnectionMetaData().getRemoteSocketAddress();
        if (a instanceof InetSocketAddress i && i.getAddress() != null)
            return i.getAddress().getHostAddress();
        return String.valueOf(a);
    }

    /** Untrusted text for a log line or an answer: at most 64 characters. */
    public static String clip(String s) {
        if (s == null) return "(none)";
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }
}
