package io.coprover.net.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The one HTTP/1.1 server of every coprover endpoint (gossip, the devnet contract, the proof
 * builder, metrics): Jetty 12 core, no servlets, with {@link HttpLimits} enforced below the routes.
 *
 * <p>A request is routed on its method and path before any of its body is read: an unknown path is
 * 404, a known path with another method 405 with an {@code Allow} header. A route names the
 * largest body it takes: a larger {@code Content-Length} is 413 at once, a chunked body is counted
 * while it streams and cut with 413 when it passes the limit; either way the connection is closed
 * after the answer and the body is never used (one refused by a {@code Content-Length} of at most
 * {@link #DRAIN_BYTES} is read and dropped before the close, so a client still sending it gets the
 * answer). A route's check (headers, signatures without the body) runs before the body is read, too. The body is read asynchronously (a slow
 * one holds no thread) and the handler then runs on one of {@link HttpLimits#threads}. Every
 * failure is an answer in the service's error format: a handler's {@link HttpError} with its
 * status, an {@link IllegalArgumentException} (or what the service's mapper maps) with 400, a
 * stalled body 408, anything else 500 — never a connection closed without a status.
 */
public final class HttpService implements AutoCloseable {
    /**
     * A body refused by its {@code Content-Length} up to this size is read and dropped after the 413,
     * so the client, still sending it, is not cut off before it reads the answer; a larger one is not
     * read (the connection closes at once).
     */
    static final long DRAIN_BYTES = 1 << 20;

    /** Answers a request whose body (if any) has been read. */
    @FunctionalInterface
    public interface Handler {
        Reply handle(Exchange ex) throws Exception;
    }

    /** Runs before the body is read (headers, authentication); refuses by throwing. */
    @FunctionalInterface
    public interface Check {
        void check(Exchange ex) throws Exception;
    }

    /** Writes an error answer in the service's format (text, JSON …). */
    @FunctionalInterface
    public interface ErrorBody {
        Reply format(int status, String message);
    }

    /** Told of every error answer (for the service's log lines and counters). */
    @FunctionalInterface
    public interface Refusals {
        void refused(Exchange ex, int status, String message);
    }

    private static final io.coprover.log.Log LOG = io.coprover.log.Log.get("http");

    private record Route(String method, String[] segments, int maxBody, Check check, Handler handler) {
        /** The segments the {@code *}s matched, or null if the path does not match. */
        List<String> match(String[] path) {
            if (path.length != segments.length) return null;
            List<String> params = new ArrayList<>();
            for (int i = 0; i < path.length; i++) {
                if (segments[i].equals("*")) {
                    if (path[i].isEmpty()) return null;
                    params.add(path[i]);
                } else if (!segments[i].equals(path[i])) {
                    return null;
                }
            }
            return params;
        }
    }

    /** Routes and options of a service; {@link #start} binds it. */
    public static final class Builder {
        private final String name;
        private final List<Route> routes = new ArrayList<>();
        private HttpLimits limits = HttpLimits.defaults();
        private ErrorBody errorBody = Reply::text;
        private Function<Throwable, HttpError> mapper = t -> null;
        private Refusals refusals = (ex, s, m) -> {};
        private long stopMillis = 1000;

        private Builder(String name) {
            this.name = name;
        }

        public Builder limits(HttpLimits l) {
            limits = l;
            return this;
        }

        public Builder errorBody(ErrorBody b) {
            errorBody = b;
            return this;
        }

        /** Maps a handler's exception to an answer (null: the default, 400 for IllegalArgumentException, else 500). */
        public Builder errors(Function<Throwable, HttpError> m) {
            mapper = m;
            return this;
        }

        public Builder onRefused(Refusals r) {
            refusals = r;
            return this;
        }

        /** How long {@link HttpService#close} lets answers in progress finish (default 1000 ms). */
        public Builder stopMillis(long ms) {
            stopMillis = ms;
            return this;
        }

        /**
         * Adds a route: {@code pattern} is a path whose {@code *} segments match any one non-empty
         * segment ({@link Exchange#param}); {@code maxBody} the largest body taken (0: none).
         */
        public Builder route(String method, String pattern, int maxBody, Check check, Handler handler) {
            if (!pattern.startsWith("/"))
                throw new IllegalArgumentException("a route's path starts with /: " + pattern);
            if (maxBody < 0) throw new IllegalArgumentException("maxBody must be ≥ 0: " + maxBody);
            routes.add(new Route(method, pattern.substring(1).split("/", -1), maxBody, check, handler));
            return this;
        }

        public Builder get(String pattern, Handler h) {
            return route("GET", pattern, 0, null, h);
        }

        public Builder delete(String pattern, Handler h) {
            return route("DELETE", pattern, 0, null, h);
        }

        public Builder post(String pattern, int maxBody, Check check, Handler h) {
            return route("POST", pattern, maxBody, check, h);
        }

        /** Binds {@code host:port} (port 0: any free one) and starts serving; a port in use is an error naming it. */
        public HttpService start(String host, int port) {
            return new HttpService(this, host, port);
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    private final String name;
    private final List<Route> routes;
    private final ErrorBody errorBody;
    private final Function<Throwable, HttpError> mapper;
    private final Refusals refusals;
    private final Server server;
    private final ServerConnector connector;
    private final PeerLimit peerLimit;
    private final HeaderDeadline headerDeadline;
    private final NetworkConnectionLimit connectionLimit;
    private final long minBodyRate;

    private HttpService(Builder b, String host, int port) {
        this.name = b.name;
        this.routes = List.copyOf(b.routes);
        this.errorBody = b.errorBody;
        this.mapper = b.mapper;
        this.refusals = b.refusals;
        HttpLimits l = b.limits;
        this.minBodyRate = l.minBodyBytesPerSecond();
        // handler threads, plus the acceptor and the selector; daemons, so a node exits without closing us
        QueuedThreadPool pool = new QueuedThreadPool(l.threads() + 2, Math.min(4, l.threads() + 2));
        pool.setName(name + "-http");
        pool.setDaemon(true);
        pool.setReservedThreads(0);
        pool.setStopTimeout(b.stopMillis);
        server = new Server(pool);
        server.setStopTimeout(b.stopMillis);
        HttpConfiguration hc = new HttpConfiguration();
        hc.setRequestHeaderSize(l.maxHeaderBytes());
        hc.setIdleTimeout(l.idleTimeoutMillis());
        hc.setSendServerVersion(false);
        hc.setSendXPoweredBy(false);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(hc));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(l.idleTimeoutMillis());
        peerLimit = new PeerLimit(name, l.maxConnectionsPerPeer());
        connector.addBean(peerLimit);
        headerDeadline = new HeaderDeadline(name, l.idleTimeoutMillis());
        connector.addBean(headerDeadline); // a Connection.Listener bean: told of every connection
        server.addConnector(connector);
        connectionLimit = new NetworkConnectionLimit(l.maxConnections(), connector);
        server.addBean(connectionLimit);
        ErrorHandler quiet = new ErrorHandler(); // Jetty's own refusals (bad request line, 431): no stack traces
        quiet.setShowStacks(false);
        quiet.setShowMessageInTitle(true);
        server.setErrorHandler(quiet);
        server.setHandler(new Dispatch());
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // not started: nothing to stop
            }
            headerDeadline.close();
            String where = (host == null ? "*" : host) + ":" + port;
            IOException io = e instanceof IOException x ? x : new IOException(e.toString(), e);
            throw new UncheckedIOException(name + ": cannot listen on " + where + ": " + e.getMessage(), io);
        }
    }

    /** The port listened on (the one picked when started with 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** Connections refused by the per-peer bound so far. */
    public long refusedConnections() {
        return peerLimit.refused();
    }

    /** Connections accepted and open now (at most {@link HttpLimits#maxConnections}). */
    int openConnections() {
        return connectionLimit.getNetworkConnectionCount();
    }

    /** Stops listening and closes every connection; answers in progress get the stop time to finish. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            log(Level.WARNING, "http.stop_failed", "server", name, "error", e.toString());
        }
        headerDeadline.close();
    }

    // ---- one request ----

    private final class Dispatch extends org.eclipse.jetty.server.Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            headerDeadline.dispatched(request.getConnectionMetaData().getConnection());
            String path = request.getHttpURI().getPath();
            String[] segments = path == null || !path.startsWith("/")
                    ? new String[] {"\u0000"}
                    : path.substring(1).split("/", -1);
            Route route = null;
            List<String> params = null;
            Set<String> allowed = new LinkedHashSet<>();
            for (Route r : routes) {
                List<String> p = r.match(segments);
                if (p == null) continue;
                allowed.add(r.method);
                if (route == null && r.method.equals(request.getMethod())) {
                    route = r;
                    params = p;
                }
            }
            Exchange ex = new Exchange(request, path, params == null ? List.of() : params);
            Answer answer = new Answer(ex, request, response, callback);
            boolean chunked = request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
            long declared = chunked ? -1 : Math.max(0, request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH));
            answer.unread = declared != 0;
            if (route == null) {
                if (allowed.isEmpty()) {
                    answer.error(
                            HttpStatus.NOT_FOUND_404,
                            "no such route: " + Exchange.clip(request.getMethod()) + " " + Exchange.clip(path),
                            null);
                } else {
                    String allow = String.join(", ", allowed);
                    answer.error(
                            HttpStatus.METHOD_NOT_ALLOWED_405,
                            "method " + Exchange.clip(request.getMethod()) + " is not allowed on " + Exchange.clip(path)
                                    + " (allowed: " + allow + ")",
                            allow);
                }
                return true;
            }
            if (declared > route.maxBody) {
                if (declared <= DRAIN_BYTES) answer.drain = declared;
                answer.error(
                        HttpStatus.PAYLOAD_TOO_LARGE_413,
                        "request body of " + declared + " bytes exceeds the limit of " + route.maxBody + " bytes",
                        null);
                return true;
            }
            if (route.check != null) {
                try {
                    route.check.check(ex);
                } catch (Throwable t) {
                    answer.failed(t);
                    return true;
                }
            }
            Handler h = route.handler;
            if (!answer.unread) {
                answer.run(h);
            } else {
                new BodyReader(
                                request,
                                route.maxBody,
                                declared,
                                minBodyRate,
                                body -> {
                                    ex.body(body);
                                    answer.unread = false;
                                    answer.run(h);
                                },
                                answer::bodyFailed)
                        .run();
            }
            return true;
        }
    }

    /** Writes the one answer of a request. */
    private final class Answer {
        final Exchange ex;
        final Request request;
        final Response response;
        final Callback callback;
        /** Body bytes may remain unread: the connection is closed after the answer. */
        boolean unread;
        /**
         * The declared body of a request refused by its {@code Content-Length} alone, to read and
         * drop after the answer before the connection closes; 0 for none.
         */
        long drain;

        Answer(Exchange ex, Request request, Response response, Callback callback) {
            this.ex = ex;
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        void run(Handler h) {
            Reply r;
            try {
                r = h.handle(ex);
                if (r == null)
                    throw new IllegalStateException("route " + ex.method() + " " + ex.path() + " gave no answer");
            } catch (Throwable t) {
                failed(t);
                return;
            }
            write(r, false);
        }

        void failed(Throwable t) {
            HttpError e = t instanceof HttpError he ? he : mapper.apply(t);
            if (e == null && t instanceof IllegalArgumentException) e = new HttpError(400, t.getMessage());
            if (e == null) {
                log(
                        Level.SEVERE,
                        "http.handler_failed",
                        t,
                        "server",
                        name,
                        "method",
                        ex.method(),
                        "path",
                        Exchange.clip(ex.path()),
                        "remote",
                        ex.remote());
                e = new HttpError(500, "internal error: " + t);
            }
            error(e.status, e.getMessage() == null ? "refused" : e.getMessage(), null);
        }

        void bodyFailed(int status, String message) {
            unread = true;
            error(status, message, null);
        }

        void error(int status, String message, String allow) {
            try {
                refusals.refused(ex, status, message);
            } catch (RuntimeException e) {
                log(Level.WARNING, "http.listener_failed", "server", name, "error", e.toString());
            }
            Reply r = errorBody.format(status, message);
            if (allow != null) r = r.withHeader("Allow", allow);
            write(r, status == HttpStatus.PAYLOAD_TOO_LARGE_413 || status == HttpStatus.REQUEST_TIMEOUT_408);
        }

        void write(Reply r, boolean close) {
            try {
                response.setStatus(r.status());
                var h = response.getHeaders();
                if (r.contentType() != null) h.put(HttpHeader.CONTENT_TYPE, r.contentType());
                r.headers().forEach(h::put);
                h.put(HttpHeader.CONTENT_LENGTH, r.body().length);
                if (close || unread) h.put(HttpHeader.CONNECTION, "close"); // the rest of the body is never read
                var connection = request.getConnectionMetaData().getConnection();
                response.write(
                        true,
                        ByteBuffer.wrap(r.body()),
                        Callback.from(
                                () -> {
                                    headerDeadline.answered(
                                            connection); // from here the connection waits for its next request
                                    if (drain > 0) {
                                        // a client still sending the refused body would otherwise meet
                                        // a closed connection, whose reset can discard the answer it
                                        // has not read yet: take the rest (a bounded amount) first
                                        org.eclipse.jetty.io.Content.Source.consumeAll(
                                                request, Callback.from(callback::succeeded, x -> callback.succeeded()));
                                    } else {
                                        callback.succeeded();
                                    }
                                },
                                callback::failed));
            } catch (Throwable t) {
                callback.failed(t); // the response was committed or the connection is gone
            }
        }
    }

    /** A structured log line (io.coprover.log.Log): the event and its key/value pairs. */
    static void log(Level level, String event, Object... kv) {
        LOG.log(level, event, null, kv);
    }

    /** The same with the throwable that caused it. */
    static void log(Level level, String event, Throwable t, Object... kv) {
        LOG.log(level, event, t, kv);
    }
}
