package io.coprover.node;

/**
 * How a prover node exchanges blocks, proofs and roots with its peers. Implementations: an
 * in-process bus (the simulator, with latency and withholding) and a network transport (the
 * standalone node). Payloads are opaque bytes; the node encodes and validates them, so a
 * transport never trusts or interprets what it carries.
 */
public interface GossipTransport extends AutoCloseable {

    /** What a message carries. */
    enum Topic { BLOCK, PROOF, ROOT }

    /** Receives messages of one topic. Called on the transport's delivery thread, never concurrently per topic. */
    @FunctionalInterface
    interface Handler {
        void onMessage(String fromPeer, byte[] payload);
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
