package io.coprover.builder;

import io.coprover.net.http.Exchange;
import io.coprover.net.http.HttpError;
import io.coprover.net.http.SignedRequests;
import java.util.HashMap;
import java.util.Map;

/**
 * Signed requests ({@link SignedRequests}, the project's one scheme, domain {@value #DOMAIN}): every
 * call but {@code /v1/health} carries four headers, and the builder accepts it only if the
 * signature verifies under the named client's registered key, the timestamp is within
 * {@link #WINDOW_MS} of the builder's clock, and the nonce was not seen from that client within
 * the window; then the client's rate limit is charged.
 * <pre>
 * X-Coprover-Client: name     X-Coprover-Timestamp: Unix ms     X-Coprover-Nonce: 32 hex digits
 * X-Coprover-Signature: hex(Ed25519(seed, message))
 * message = "coprover/builder/v1\n" ‖ METHOD ‖ "\n" ‖ path?query ‖ "\n" ‖ timestamp ‖ "\n" ‖ nonce ‖ "\n" ‖ hex(SHA-256(body))
 * </pre>
 * The body hash binds the proof request (and so its prover binding) to the signature.
 */
public final class RequestAuth {
    public static final String CLIENT = "X-Coprover-Client",
            TIMESTAMP = SignedRequests.TIMESTAMP,
            NONCE = SignedRequests.NONCE,
            SIGNATURE = SignedRequests.SIGNATURE;
    /** What the builder's signatures are for (part of every signed message). */
    public static final String DOMAIN = "coprover/builder/v1";
    /** Accepted clock difference either way. */
    public static final long WINDOW_MS = SignedRequests.WINDOW_MS;

    private static final SignedRequests SIGNING = new SignedRequests(DOMAIN, CLIENT);

    /** Why a call was refused: an HTTP status and a message for the caller. */
    public static final class Refused extends HttpError {
        private static final long serialVersionUID = 1L;

        public Refused(int status, String message) {
            super(status, message);
        }
    }

    public static byte[] message(String method, String pathAndQuery, long timestamp, String nonce, byte[] body) {
        return SignedRequests.message(DOMAIN, method, pathAndQuery, timestamp, nonce, body);
    }

    /** The four headers for a call by {@code client} (the client side). */
    public static Map<String, String> sign(
            String client, ClientKey key, String method, String pathAndQuery, byte[] body, long now) {
        return SIGNING.sign(client, key.signingKey(), method, pathAndQuery, body, now);
    }

    private final Clients clients;
    private final SignedRequests verifier = new SignedRequests(DOMAIN, CLIENT);
    private final Map<String, double[]> buckets = new HashMap<>();

    public RequestAuth(Clients clients) {
        this.clients = clients;
    }

    /**
     * What can be checked before the body is read (the builder reads a body only for a caller that
     * passes this): the four headers are there, the client is registered, the timestamp is within
     * the window, the nonce and signature are well-formed. Charges nothing.
     *
     * @throws HttpError 401 naming the fault
     */
    public Clients.Client precheck(java.util.function.Function<String, String> header, long now) {
        String name = verifier.precheck(header, now);
        Clients.Client c = clients.get(name);
        if (c == null)
            throw new Refused(401, "unknown client '" + Exchange.clip(name) + "': not registered with this builder");
        return c;
    }

    /**
     * Authenticates a call (the builder side) and charges it to the client's rate limit.
     *
     * @param header looks up a request header (null if absent)
     * @throws HttpError 401 (unknown client, bad or stale signature, replay) or 429 (rate limit)
     */
    public Clients.Client authenticate(
            String method,
            String pathAndQuery,
            java.util.function.Function<String, String> header,
            byte[] body,
            long now) {
        Clients.Client c = precheck(header, now);
        verifier.verify(method, pathAndQuery, header, body, c.authKey(), now);
        synchronized (this) {
            // token bucket: maxPerMinute tokens, refilled continuously
            double[] b = buckets.computeIfAbsent(c.name(), k -> new double[] {c.maxPerMinute(), now});
            b[0] = Math.min(c.maxPerMinute(), b[0] + (now - b[1]) * c.maxPerMinute() / 60_000.0);
            b[1] = now;
            if (b[0] < 1)
                throw new Refused(
                        429, "rate limit: " + c.maxPerMinute() + " calls per minute for client '" + c.name() + "'");
            b[0] -= 1;
        }
        return c;
    }
}
