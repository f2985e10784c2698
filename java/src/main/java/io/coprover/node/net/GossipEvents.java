package io.coprover.node.net;

/**
 * What a network transport reports about its traffic (for metrics). Reasons are a few fixed
 * words: {@code malformed}, {@code oversized}, {@code queue_full}, {@code send_failed}.
 * Called from the transport's threads; implementations must be thread-safe and quick.
 */
public interface GossipEvents {
    /** A new message arrived (before delivery); topic in lower case. */
    default void received(String topic) {}

    /** A message left for one peer. */
    default void sent(String topic) {}

    /** A message was dropped; {@code topic} is "unknown" when it could not be read. */
    default void rejected(String topic, String reason) {}

    /** A message already seen arrived again and was dropped. */
    default void duplicate(String topic) {}

    GossipEvents NONE = new GossipEvents() {};
}
