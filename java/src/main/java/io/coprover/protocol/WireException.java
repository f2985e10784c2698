package io.coprover.protocol;

/**
 * Bytes that do not decode: the message names what was being read, the field and its byte offset.
 * An {@link IllegalArgumentException}, so callers that refuse bad input in general catch it too.
 */
public final class WireException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public WireException(String message) {
        super(message);
    }

    public WireException(String message, Throwable cause) {
        super(message, cause);
    }
}
