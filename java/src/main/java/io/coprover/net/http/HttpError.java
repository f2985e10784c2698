package io.coprover.net.http;

/**
 * A refusal with its HTTP status: thrown by a route's check or handler, answered by the
 * {@link HttpService} in the service's error format with the message as the reason.
 */
public class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public final int status;

    public HttpError(int status, String message) {
        super(message);
        if (status < 400 || status > 599)
            throw new IllegalArgumentException("an error status is 4xx or 5xx: " + status);
        this.status = status;
    }
}
