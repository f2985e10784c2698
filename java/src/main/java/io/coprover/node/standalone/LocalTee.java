package io.coprover.node.standalone;

import io.coprover.node.GossipTransport;
import java.util.EnumMap;
import java.util.Map;

/**
 * The prover's view of the network transport on a devnet host: the same transport, plus a
 * publisher for the host's sequencer whose messages also reach this process's own prover (a
 * transport never delivers a node's messages back to it, and the sequencer and the prover share
 * one transport here).
 */
final class LocalTee implements GossipTransport {
    private final GossipTransport inner;
    private final Map<Topic, Handler> handlers = new EnumMap<>(Topic.class);

    LocalTee(GossipTransport inner) {
        this.inner = inner;
    }

    @Override
    public String self() {
        return inner.self();
    }

    @Override
    public void publish(Topic topic, byte[] payload) {
        inner.publish(topic, payload);
    }

    @Override
    public void subscribe(Topic topic, Handler handler) {
        synchronized (handlers) {
            handlers.put(topic, handler);
        }
        inner.subscribe(topic, handler);
    }

    /** A transport for the sequencer: publishes to the peers and hands the message to the local prover. */
    GossipTransport sequencer() {
        return new GossipTransport() {
            @Override
            public String self() {
                return inner.self() + "/sequencer";
            }

            @Override
            public void publish(Topic topic, byte[] payload) {
                inner.publish(topic, payload);
                Handler h;
                synchronized (handlers) {
                    h = handlers.get(topic);
                }
                if (h != null)
                    h.onMessage(self(), payload.clone()); // the sequencer's own block: nothing to relay from here
            }

            @Override
            public void subscribe(Topic topic, Handler handler) {
                throw new UnsupportedOperationException("the sequencer only publishes");
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public void close() {
        inner.close();
    }
}
