package io.coprover.net.http;

import static io.coprover.net.http.RawHttp.closedByServer;
import static io.coprover.net.http.RawHttp.open;
import static io.coprover.net.http.RawHttp.read;
import static io.coprover.net.http.RawHttp.request;
import static io.coprover.net.http.RawHttp.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shared server's limits over loopback, on a small service: routing before reading (404, 405
 * with Allow), body limits by Content-Length and while streaming (413, then the connection
 * closed), every failure an answer, slow clients cut by the idle timeout without holding a thread
 * or delaying others, and the per-peer connection bound.
 */
class HttpServiceTest {
    private final List<HttpService> open = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();
    private final AtomicInteger echoed = new AtomicInteger();
    private final List<String> refusals = new java.util.concurrent.CopyOnWriteArrayList<>();

    private HttpService start(HttpLimits limits) {
        HttpService s = HttpService.builder("test")
                .limits(limits)
                .onRefused((ex, status, msg) -> refusals.add(status + " " + ex.method() + " " + ex.path()))
                .post("/echo", 100, null, ex -> {
                    echoed.incrementAndGet();
                    return Reply.text(200, new String(ex.body(), StandardCharsets.UTF_8));
                })
                .post(
                        "/checked",
                        100,
                        ex -> {
                            if (ex.header("X-Key") == null) throw new HttpError(401, "X-Key header required");
                        },
                        ex -> Reply.text(200, "ok " + ex.body().length))
                .get("/jobs/*", ex -> Reply.text(200, "job " + ex.param(0)))
                .delete("/jobs/*", ex -> Reply.text(200, "deleted " + ex.param(0)))
                .get("/jobs/*/result", ex -> Reply.text(200, "result " + ex.param(0)))
                .get("/bad", ex -> {
                    throw new IllegalArgumentException("bad input: x must be a number");
                })
                .get("/bug", ex -> {
                    throw new IllegalStateException("a bug");
                })
                .get("/slow", ex -> {
                    // a long poll that outlasts the idle timeout: it must still be answered
                    new CountDownLatch(1).await(3 * limits.idleTimeoutMillis(), TimeUnit.MILLISECONDS);
                    return Reply.text(200, "waited");
                })
                .start("127.0.0.1", 0);
        open.add(s);
        return s;
    }

    private Socket socket(String from, int port) throws Exception {
        Socket s = open(from, port);
        sockets.add(s);
        return s;
    }

    @AfterEach
    void close() {
        RawHttp.closeAll(sockets);
        open.forEach(HttpService::close);
    }

    private RawHttp.Answer call(int port, String req) throws Exception {
        Socket s = socket("127.0.0.1", port);
        send(s, req);
        return read(s);
    }

    @Test
    void routesBeforeReadingAndAnswersWrongMethodsWith405AndAllow() throws Exception {
        int port = start(HttpLimits.defaults()).port();
        assertEquals(
                "job ab", call(port, "GET /jobs/ab HTTP/1.1\r\nHost: x\r\n\r\n").body());
        assertEquals(
                "result ab",
                call(port, "GET /jobs/ab/result HTTP/1.1\r\nHost: x\r\n\r\n").body());
        RawHttp.Answer a = call(port, request("PUT", "/jobs/ab", "", "x"));
        assertEquals(405, a.status());
        assertEquals("GET, DELETE", a.header("Allow"));
        assertTrue(a.body().contains("PUT is not allowed on /jobs/ab"), a.body());
        assertEquals("POST", call(port, "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").header("Allow"));
        RawHttp.Answer nf = call(port, "GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals(404, nf.status());
        assertTrue(nf.body().contains("no such route: GET /nothing"), nf.body());
        assertEquals(
                404, call(port, "GET /jobs/ HTTP/1.1\r\nHost: x\r\n\r\n").status(), "an empty segment matches no *");
        assertTrue(refusals.contains("405 PUT /jobs/ab") && refusals.contains("404 GET /nothing"), refusals.toString());
    }

    @Test
    void everyFailureIsAnAnswerWithAReason() throws Exception {
        int port = start(HttpLimits.defaults()).port();
        RawHttp.Answer bad = call(port, "GET /bad HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals(400, bad.status());
        assertEquals("bad input: x must be a number", bad.body());
        RawHttp.Answer bug = call(port, "GET /bug HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals(500, bug.status());
        assertTrue(bug.body().contains("a bug"), bug.body());
        RawHttp.Answer unsigned = call(port, request("POST", "/checked", "", "12345"));
        assertEquals(401, unsigned.status());
        assertEquals("X-Key header required", unsigned.body());
        assertEquals(
                "ok 5",
                call(port, request("POST", "/checked", "X-Key: k\r\n", "12345")).body());
        // a request Jetty itself cannot parse is answered too
        assertEquals(
                400,
                call(port, "GET /jobs/a HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n")
                        .status());
        // a long poll that outlasts the idle timeout is still answered
        int p2 = start(HttpLimits.defaults().withIdleTimeoutMillis(300)).port();
        assertEquals("waited", call(p2, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n").body());
    }

    @Test
    void aHugeDeclaredBodyIsRefusedUnreadAndTheConnectionClosed() throws Exception {
        int port = start(HttpLimits.defaults()).port();
        Socket s = socket("127.0.0.1", port);
        // headers only: the 413 comes without a byte of the body sent, so none was waited for
        send(s, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000000\r\n\r\n");
        RawHttp.Answer a = read(s);
        assertEquals(413, a.status());
        assertTrue(a.body().contains("1000000000000 bytes exceeds the limit of 100"), a.body());
        assertEquals("close", a.header("Connection"));
        assertTrue(closedByServer(s), "the connection is closed after a 413");
        // the check of a route also runs before its body is read: unsigned, refused unread
        Socket c = socket("127.0.0.1", port);
        send(c, "POST /checked HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n");
        assertEquals(401, read(c).status());
        assertTrue(closedByServer(c));
        assertEquals(0, echoed.get());
    }

    @Test
    void aRefusedBodyStillBeingSentGetsItsAnswer() throws Exception {
        // the client sends all of a body over the limit (but within the drain bound) before it
        // reads: the server takes and drops it after the 413, so closing does not reset the
        // connection under the unread answer
        int port = start(HttpLimits.defaults()).port();
        for (int i = 0; i < 3; i++) {
            Socket s = socket("127.0.0.1", port);
            int len = (int) HttpService.DRAIN_BYTES / 2;
            send(s, request("POST", "/echo", "", "x".repeat(len)));
            RawHttp.Answer a = read(s);
            assertEquals(413, a.status());
            assertTrue(a.body().contains(len + " bytes exceeds the limit of 100"), a.body());
            assertTrue(closedByServer(s), "the connection is closed after a 413");
        }
        assertEquals(0, echoed.get());
    }

    @Test
    void aChunkedBodyIsCountedWhileItStreams() throws Exception {
        int port = start(HttpLimits.defaults()).port();
        String head = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
        assertEquals(
                "hello world",
                call(port, head + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n").body());
        Socket s = socket("127.0.0.1", port);
        String chunk = "40\r\n" + "x".repeat(64) + "\r\n";
        send(s, head + chunk + chunk); // 128 bytes > 100, and the body goes on (no last chunk)
        RawHttp.Answer a = read(s);
        assertEquals(413, a.status());
        assertTrue(a.body().contains("exceeds the limit of 100 bytes"), a.body());
        assertTrue(closedByServer(s));
        assertEquals(1, echoed.get());
    }

    @Test
    void slowClientsAreCutByTheIdleTimeoutAndDelayNoOne() throws Exception {
        // two handler threads and eight slow clients: waiting for a body holds no thread
        int port = start(HttpLimits.defaults().withIdleTimeoutMillis(1000).withThreads(2))
                .port();
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Socket s = socket("127.0.0.1", port);
            send(s, RawHttp.slowBody("POST", "/echo", ""));
            slow.add(s);
        }
        Socket half = socket("127.0.0.1", port); // half a request line and headers
        send(half, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Le");
        assertEquals("hi", call(port, request("POST", "/echo", "", "hi")).body());
        for (Socket s : slow) {
            RawHttp.Answer a = read(s);
            assertEquals(408, a.status());
            assertTrue(a.body().contains("incomplete after 10 bytes"), a.body());
            assertTrue(closedByServer(s), "the server closed a slow connection");
        }
        assertTrue(closedByServer(half), "the server closed a connection stuck in its headers");
        assertEquals(1, echoed.get());
    }

    @Test
    void aBodyDrippingUnderTheMinimumRateIsCutAndOversizedHeadersAre431() throws Exception {
        // a long idle timeout, so only the rate can cut it
        int port = start(new HttpLimits(60_000, 1000, 512, 32, 1024, 2)).port();
        Socket s = socket("127.0.0.1", port);
        send(s, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n");
        java.util.concurrent.CompletableFuture<RawHttp.Answer> answer =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return read(s);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        // a byte every 100 ms (10 bytes/s) until the server answers: it may judge the rate after a second
        for (int i = 0; i < 90 && !answer.isDone(); i++) {
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
            try {
                send(s, "x");
            } catch (java.io.IOException closedAfterTheAnswer) {
                break;
            }
        }
        RawHttp.Answer a = answer.get(RawHttp.PATIENCE_MS, TimeUnit.MILLISECONDS);
        assertEquals(408, a.status());
        assertTrue(a.body().contains("under the minimum of 1000 bytes/s"), a.body());
        assertTrue(closedByServer(s));
        RawHttp.Answer big = call(port, "GET /jobs/a HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(2000) + "\r\n\r\n");
        assertEquals(431, big.status());
        assertEquals(0, echoed.get());
    }

    @Test
    void headersDrippedInsideTheIdleTimeoutAreCutAtTheDeadline() throws Exception {
        int port = start(HttpLimits.defaults().withIdleTimeoutMillis(1000)).port();
        Socket s = socket("127.0.0.1", port);
        send(s, "GET /jobs/a HTTP/1.1\r\nHost: x\r\n");
        java.util.concurrent.CompletableFuture<Boolean> closed =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return closedByServer(s);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        // a header byte every 100 ms: never idle for the 1 s timeout, and 600 bytes fit the header limit
        int drips = 0;
        while (drips < 600 && !closed.isDone()) {
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
            try {
                send(s, "X");
                drips++;
            } catch (java.io.IOException cut) {
                break;
            }
        }
        assertTrue(drips < 600, "cut while still dripping, not by the idle timeout after the drips stopped");
        assertTrue(closed.get(RawHttp.PATIENCE_MS, TimeUnit.MILLISECONDS), "the server cut the dripping headers");
        // an honest keep-alive connection that waits between requests is not cut
        Socket k = socket("127.0.0.1", port);
        for (int i = 0; i < 2; i++) {
            send(k, "GET /jobs/" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("job " + i, read(k).body());
        }
    }

    @Test
    void pastTheTotalBoundConnectionsWaitToBeAcceptedAndAreThenServed() throws Exception {
        HttpService svc = start(HttpLimits.defaults().withConnections(2, 2));
        int port = svc.port();
        List<Socket> held = new ArrayList<>();
        for (String from :
                new String[] {"127.0.0.1", "127.0.0.2"}) { // two peers, one connection each, open and answered
            Socket s = socket(from, port);
            send(s, "GET /jobs/" + held.size() + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, read(s).status());
            held.add(s);
        }
        Socket third = socket("127.0.0.3", port); // connected in the kernel's accept queue, not accepted
        send(third, "GET /jobs/third HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals(2, svc.openConnections(), "the server holds no more than its bound");
        held.get(0).close();
        assertEquals("job third", read(third).body(), "served once a slot is free");
    }

    @Test
    void oneFloodingPeerIsBoundedAndOthersAreServed() throws Exception {
        HttpService svc = start(HttpLimits.defaults().withConnections(64, 4));
        int port = svc.port();
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Socket s = socket("127.0.0.2", port);
            send(s, "GET /jobs/" + i + " HTTP/1.1\r\nHost: x\r\n\r\n"); // answered: the connection is open and counted
            assertEquals(200, read(s).status());
            held.add(s);
        }
        for (int i = 0; i < 8; i++) { // the excess from the same address: refused at once
            Socket s = socket("127.0.0.2", port);
            assertTrue(closedByServer(s), "connection " + (5 + i) + " from one peer is refused");
        }
        assertEquals(8, svc.refusedConnections());
        // another peer is served all the while
        assertEquals(
                "job honest",
                call(port, "GET /jobs/honest HTTP/1.1\r\nHost: x\r\n\r\n").body());
        // and the flooding peer gets a slot back once one of its connections closes
        held.get(0).close();
        long end = System.currentTimeMillis() + RawHttp.PATIENCE_MS;
        int status = 0;
        while (status != 200) { // the close reaches the server's count a moment later: until then, 503
            assertTrue(System.currentTimeMillis() < end, "the peer's slot never came back");
            Socket s = socket("127.0.0.2", port);
            send(s, "GET /jobs/again HTTP/1.1\r\nHost: x\r\n\r\n");
            try {
                status = read(s).status();
            } catch (java.io.IOException refusedBeforeTheAnswerWasRead) {
                status = 0;
            }
            assertTrue(status == 200 || status == 503 || status == 0, "status " + status);
        }
        assertFalse(held.get(1).isClosed());
    }
}
