package io.coprover.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a registry in the Prometheus text format at {@code http://HOST:PORT/metrics} (and a
 * health check at {@code /-/healthy}), with the Prometheus Java client's exporter on the JDK's
 * HTTP server. Port 0 picks a free port ({@link #port()}).
 */
public final class MetricsServer implements AutoCloseable {
    private final HTTPServer server;

    private MetricsServer(HTTPServer server) {
        this.server = server;
    }

    /** Starts serving {@code registry} on {@code host:port}; a port in use is an error naming it. */
    public static MetricsServer start(PrometheusRegistry registry, String host, int port) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("metrics port must be 0..65535: " + port);
        // two daemon threads: scrapes are rare and cheap, and a node must exit without closing us
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        });
        try {
            return new MetricsServer(HTTPServer.builder().hostname(host).port(port).registry(registry)
                    .executorService(pool).buildAndStart());
        } catch (IOException e) {
            pool.shutdownNow();
            throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The port served (the one picked when started with 0). */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
