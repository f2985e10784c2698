package io.coprover.bench;

import io.coprover.node.GossipTransport;
import io.coprover.node.net.GossipEvents;
import io.coprover.node.net.HttpGossipTransport;
import io.coprover.node.net.NetSettings;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Network gossip on loopback ({@link HttpGossipTransport}): {@code latency} publishes one message
 * and waits until the peer's handler has it (publish → send queue → HTTP POST → dedup → delivery
 * thread → handler), one at a time; {@code throughput} publishes a batch of {@value #BATCH} and
 * waits for all of them (the send queue and the connection reuse at work). Payload sizes: a proof
 * message (~1 KiB) and a block's data at depth 32 with 32 txs (~64 KiB). Every payload is unique
 * (a counter in its first bytes), since repeats are dropped by hash.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GossipBench {
    static final int BATCH = 64;

    @Param({"1024", "65536"})
    int bytes;

    private HttpGossipTransport a, b;
    private final Semaphore delivered = new Semaphore(0);
    private final AtomicLong counter = new AtomicLong();
    private byte[] template;

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Setup
    public void setup() throws Exception {
        int pa = freePort(), pb = freePort();
        InetSocketAddress la = NetSettings.parseAddress("127.0.0.1:" + pa),
                lb = NetSettings.parseAddress("127.0.0.1:" + pb);
        b = new HttpGossipTransport(NetSettings.of("b", lb, List.of()), GossipEvents.NONE);
        a = new HttpGossipTransport(NetSettings.of("a", la, List.of(lb)), GossipEvents.NONE);
        b.subscribe(GossipTransport.Topic.PROOF, (from, p) -> {
            delivered.release();
            return GossipTransport.Verdict.ACCEPT;
        });
        template = new byte[bytes];
        for (int i = 0; i < bytes; i++) template[i] = (byte) (i * 31);
    }

    private byte[] next() {
        byte[] p = template.clone();
        ByteBuffer.wrap(p).putLong(counter.incrementAndGet());
        return p;
    }

    @Benchmark
    public void latency() throws InterruptedException {
        a.publish(GossipTransport.Topic.PROOF, next());
        if (!delivered.tryAcquire(10, TimeUnit.SECONDS)) throw new IllegalStateException("message not delivered");
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void throughput() throws InterruptedException {
        for (int i = 0; i < BATCH; i++) a.publish(GossipTransport.Topic.PROOF, next());
        if (!delivered.tryAcquire(BATCH, 30, TimeUnit.SECONDS)) throw new IllegalStateException("batch not delivered");
    }

    @TearDown
    public void tearDown() {
        a.close();
        b.close();
    }
}
