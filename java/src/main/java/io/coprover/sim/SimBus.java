package io.coprover.sim;

import io.coprover.node.GossipTransport;
import io.coprover.node.GossipTransport.Topic;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The simulator's gossip network: every node gets a {@link GossipTransport} endpoint; a message
 * published in round r reaches each other endpoint in round r + latency(link), where a link's
 * latency is {@code latency + jitter(link)} rounds with jitter drawn per (sender, receiver) pair
 * from the seed, in [0, jitter]. Delivery happens only in {@link #deliver}, on the caller's
 * thread, in a fixed order (round, sender, publication number), so a run is reproducible.
 * A sender may withhold a topic from chosen receivers ({@link #withhold}): those messages are
 * counted and dropped.
 */
public final class SimBus {
    private final long seed;
    private final int latency, jitter;
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private final PriorityQueue<Message> queue = new PriorityQueue<>(Comparator.comparingLong(Message::round)
            .thenComparing(Message::from)
            .thenComparingLong(Message::seq)
            .thenComparing(Message::to));
    private final Map<String, Map<Topic, Set<String>>> withheld = new LinkedHashMap<>();
    private final Consumer<String> log;
    private long round, seq, delivered, dropped;

    private record Message(long round, String from, long seq, String to, Topic topic, byte[] payload) {}

    /**
     * @param latency rounds from publication to delivery (≥ 1: a node never sees a message in the
     *                round it was sent)
     * @param jitter  extra rounds per link, drawn once per (sender, receiver) in [0, jitter]
     * @param log     receives a line per handler failure
     */
    public SimBus(long seed, int latency, int jitter, Consumer<String> log) {
        if (latency < 1) throw new IllegalArgumentException("gossip latency must be at least 1 round, got " + latency);
        if (jitter < 0) throw new IllegalArgumentException("gossip jitter must be ≥ 0, got " + jitter);
        this.seed = seed;
        this.latency = latency;
        this.jitter = jitter;
        this.log = log == null ? l -> {} : log;
    }

    /** A new endpoint named {@code name} (unique among open endpoints; a closed one may be replaced: a restart). */
    public synchronized GossipTransport endpoint(String name) {
        Endpoint old = endpoints.get(name);
        if (old != null && !old.closed) throw new IllegalArgumentException("gossip endpoint " + name + " is open");
        Endpoint e = new Endpoint(name);
        endpoints.put(name, e);
        return e;
    }

    /** {@code sender} never delivers {@code topic} to {@code receivers}. */
    public synchronized void withhold(String sender, Topic topic, Set<String> receivers) {
        withheld.computeIfAbsent(sender, s -> new EnumMap<>(Topic.class))
                .computeIfAbsent(topic, t -> new HashSet<>())
                .addAll(receivers);
    }

    /** Rounds between {@code from} and {@code to}: latency + a jitter fixed per link by the seed. */
    public int linkLatency(String from, String to) {
        if (jitter == 0) return latency;
        long h = seed * 0x9E3779B97F4A7C15L
                ^ from.hashCode() * 0xC2B2AE3D27D4EB4FL
                ^ to.hashCode() * 0x165667B19E3779F9L;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 29;
        return latency + Math.floorMod(h, jitter + 1);
    }

    public synchronized long round() {
        return round;
    }

    /** Sets the current round (messages published now are due {@code linkLatency} rounds later). */
    public synchronized void setRound(long r) {
        if (r < round) throw new IllegalArgumentException("rounds go forward");
        round = r;
    }

    /** Messages not yet delivered. */
    public synchronized int pending() {
        return queue.size();
    }

    public synchronized long delivered() {
        return delivered;
    }

    /** Messages dropped by withholding. */
    public synchronized long withheldCount() {
        return dropped;
    }

    /**
     * Delivers every message due by the current round, in order, calling the receivers' handlers on
     * this thread. A handler that throws is logged; delivery goes on. Returns how many were delivered.
     */
    public int deliver() {
        List<Message> due = new ArrayList<>();
        synchronized (this) {
            while (!queue.isEmpty() && queue.peek().round() <= round) due.add(queue.poll());
            delivered += due.size();
        }
        for (Message m : due) {
            Endpoint e;
            GossipTransport.Handler h;
            synchronized (this) {
                e = endpoints.get(m.to());
                h = e == null || e.closed ? null : e.handlers.get(m.topic());
            }
            if (h == null) continue;
            try {
                h.onMessage(m.from(), m.payload());
            } catch (RuntimeException ex) {
                log.accept(
                        "gossip: handler of " + m.to() + " for " + m.topic() + " from " + m.from() + " failed: " + ex);
            }
        }
        return due.size();
    }

    private synchronized void publish(String from, Topic topic, byte[] payload) {
        long s = seq++;
        Set<String> blocked = withheld.getOrDefault(from, Map.of()).getOrDefault(topic, Set.of());
        for (Endpoint e : endpoints.values()) {
            if (e.name.equals(from) || e.closed) continue;
            if (blocked.contains(e.name)) {
                dropped++;
                continue;
            }
            queue.add(new Message(round + linkLatency(from, e.name), from, s, e.name, topic, payload.clone()));
        }
    }

    private final class Endpoint implements GossipTransport {
        final String name;
        final Map<Topic, Handler> handlers = new EnumMap<>(Topic.class);
        volatile boolean closed;

        Endpoint(String name) {
            this.name = name;
        }

        @Override
        public String self() {
            return name;
        }

        @Override
        public void publish(Topic topic, byte[] payload) {
            if (topic == null || payload == null) throw new IllegalArgumentException("topic and payload are required");
            if (closed) return;
            SimBus.this.publish(name, topic, payload);
        }

        @Override
        public void subscribe(Topic topic, Handler handler) {
            synchronized (SimBus.this) {
                handlers.put(topic, handler);
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
