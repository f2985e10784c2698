package io.coprover.metrics;

import io.coprover.net.http.Exchange;
import io.coprover.net.http.HttpLimits;
import io.coprover.net.http.HttpService;
import io.coprover.net.http.Reply;
import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serves a registry in the Prometheus text format at {@code http://HOST:PORT/metrics} (also at
 * {@code /}, and a health check at {@code /-/healthy}) on an {@link HttpService}: the Prometheus
 * Java client's scrape handler (format negotiation, {@code name[]} filters, gzip) behind the same
 * timeouts and connection bounds as every other endpoint. Port 0 picks a free port ({@link #port()}).
 */
public final class MetricsServer implements AutoCloseable {
    private final HttpService server;

    private MetricsServer(HttpService server) {
        this.server = server;
    }

    /** Starts serving {@code registry} on {@code host:port} with the default limits; a port in use is an error naming it. */
    public static MetricsServer start(PrometheusRegistry registry, String host, int port) {
        return start(registry, host, port, HttpLimits.defaults().withThreads(2));
    }

    /** As above with other HTTP limits (scrapes are rare and cheap: two threads are plenty). */
    public static MetricsServer start(PrometheusRegistry registry, String host, int port, HttpLimits limits) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("metrics port must be 0..65535: " + port);
        PrometheusScrapeHandler scrape = new PrometheusScrapeHandler(registry);
        HttpService.Handler metrics = ex -> scrape(scrape, ex);
        return new MetricsServer(HttpService.builder("metrics")
                .limits(limits)
                .get("/metrics", metrics)
                .get("/", metrics)
                .get("/-/healthy", ex -> Reply.text(200, "Exporter is healthy.\n"))
                .start(host, port));
    }

    private static Reply scrape(PrometheusScrapeHandler handler, Exchange ex) throws IOException {
        Scrape s = new Scrape(ex);
        handler.handleRequest(s);
        if (s.failure != null) throw s.failure;
        return new Reply(s.status, s.headers.remove("Content-Type"), s.body.toByteArray(), s.headers);
    }

    /** One scrape as the Prometheus handler sees it: the request, and the answer collected in memory. */
    private static final class Scrape implements PrometheusHttpExchange, PrometheusHttpRequest, PrometheusHttpResponse {
        final Exchange ex;
        final Map<String, String> headers = new LinkedHashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int status = 500;
        RuntimeException failure;

        Scrape(Exchange ex) {
            this.ex = ex;
        }

        @Override
        public PrometheusHttpRequest getRequest() {
            return this;
        }

        @Override
        public PrometheusHttpResponse getResponse() {
            return this;
        }

        @Override
        public String getQueryString() {
            return ex.query();
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return Collections.enumeration(ex.headers(name));
        }

        @Override
        public String getMethod() {
            return ex.method();
        }

        @Override
        public String getRequestPath() {
            return ex.path();
        }

        @Override
        public void setHeader(String name, String value) {
            headers.put(name, value);
        }

        @Override
        public OutputStream sendHeadersAndGetBody(int statusCode, int contentLength) {
            status = statusCode;
            return body;
        }

        @Override
        public void handleException(IOException e) throws IOException {
            throw e;
        }

        @Override
        public void handleException(RuntimeException e) {
            failure = e;
        }

        @Override
        public void close() {
            // the answer is written by the HttpService
        }
    }

    /** The port served (the one picked when started with 0). */
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
