package io.coprover.node;

/**
 * How a prover node exchanges blocks, proofs and roots with its peers. Implementations: an
 * in-process bus (the simulator, with latency and withholding) and a network transport (the
 * standalone node). Payloads are opaque bytes; the node encodes and validates them (its handler's
 * {@link Verdict}), so a transport never trusts or interprets what it carries, and relays a
 * message only once the node accepted it.
 */
public interface GossipTransport extends AutoCloseable {

    /** What a message carries. */
    enum Topic {
        BLOCK,
        PROOF,
        ROOT
    }

    /**
     * What the node made of a message, as libp2p's gossipsub validators answer: ACCEPT (valid, and
     * a network transport may relay it), IGNORE (a repeat, stale, or not ours to judge: neither
     * relayed nor held against its sender), REJECT (invalid: not relayed, and its sender's score
     * drops).
     */
    enum Verdict {
        ACCEPT,
        IGNORE,
        REJECT
    }

    /**
     * Receives messages of one topic and judges them. Called on the transport's delivery thread,
     * never concurrently per topic. A network transport relays only what its handler accepted.
     */
    @FunctionalInterface
    interface Handler {
        Verdict onMessage(String fromPeer, byte[] payload);
    }

    /** This node's name on the transport. */
    String self();

    /** Sends {@code payload} on {@code topic} to every peer (not back to this node). */
    void publish(Topic topic, byte[] payload);

    /** Registers the handler for {@code topic}; a later call replaces it. */
    void subscribe(Topic topic, Handler handler);

    /** Stops delivery and releases threads and sockets; idempotent. */
    @Override
    void close();
}
