package io.coprover.node;

/** A gossip payload that does not decode or does not pass a check; the message is the reason. */
public final class MessageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MessageException(String reason) {
        super(reason);
    }

    public MessageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
