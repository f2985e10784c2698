package io.coprover.rollup;

/** A rollup proof or proof tree was rejected; the message is the reason. */
public final class InvalidProofException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidProofException(String reason) {
        super(reason);
    }

    public InvalidProofException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
