package io.coprover.net.http;

import io.coprover.protocol.Bytes;
import io.coprover.protocol.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Ed25519-signed HTTP requests, one scheme for every service that authenticates its callers (the
 * proof builder, the devnet contract): a call carries four headers, and is accepted only if the
 * signature verifies under the caller's key, the timestamp is within {@link #WINDOW_MS} of the
 * server's clock, and the nonce was not seen from that caller within the window (replay
 * protection; older timestamps are refused anyway, so the nonce memory is bounded).
 * <pre>
 * &lt;id header&gt;: who signs     X-Coprover-Timestamp: Unix ms     X-Coprover-Nonce: 32 hex digits
 * X-Coprover-Signature: hex(Ed25519(key, message))
 * message = domain ‖ "\n" ‖ METHOD ‖ "\n" ‖ path?query ‖ "\n" ‖ timestamp ‖ "\n" ‖ nonce ‖ "\n" ‖ hex(SHA-256(body))
 * </pre>
 * The domain ({@code coprover/builder/v1}, {@code coprover/contract/v1}) keeps a signature for one
 * service from being replayed at another; the body hash binds the body.
 */
public final class SignedRequests {
    public static final String TIMESTAMP = "X-Coprover-Timestamp",
            NONCE = "X-Coprover-Nonce",
            SIGNATURE = "X-Coprover-Signature";
    /** Accepted clock difference either way. */
    public static final long WINDOW_MS = 60_000;

    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RND = new SecureRandom();

    private final String domain, idHeader;
    private final Map<String, LinkedHashMap<String, Long>> seen = new HashMap<>();

    /**
     * @param domain   what the signatures are for (part of the signed message)
     * @param idHeader the header naming the signer
     */
    public SignedRequests(String domain, String idHeader) {
        this.domain = domain;
        this.idHeader = idHeader;
    }

    public String idHeader() {
        return idHeader;
    }

    /** The signed message. */
    public static byte[] message(
            String domain, String method, String pathAndQuery, long timestamp, String nonce, byte[] body) {
        String m = domain + "\n" + method + "\n" + pathAndQuery + "\n" + timestamp + "\n" + nonce + "\n"
                + HEX.formatHex(Bytes.sha256(body));
        return m.getBytes(StandardCharsets.UTF_8);
    }

    /** The four headers for a call by {@code id} (the client side). */
    public Map<String, String> sign(
            String id, SigningKey key, String method, String pathAndQuery, byte[] body, long now) {
        byte[] n = new byte[16];
        RND.nextBytes(n);
        String nonce = HEX.formatHex(n);
        Map<String, String> h = new LinkedHashMap<>();
        h.put(idHeader, id);
        h.put(TIMESTAMP, Long.toString(now));
        h.put(NONCE, nonce);
        h.put(SIGNATURE, HEX.formatHex(key.sign(message(domain, method, pathAndQuery, now, nonce, body))));
        return h;
    }

    /**
     * What can be checked before the body is read: the four headers are there, the timestamp is
     * within the window, the nonce and signature are well-formed. Returns the signer's id.
     *
     * @throws HttpError 401 naming the fault
     */
    public String precheck(Function<String, String> header, long now) {
        String id = header.apply(idHeader),
                ts = header.apply(TIMESTAMP),
                nonce = header.apply(NONCE),
                sig = header.apply(SIGNATURE);
        if (id == null || ts == null || nonce == null || sig == null) {
            throw new HttpError(
                    401,
                    "unsigned request: headers " + idHeader + ", " + TIMESTAMP + ", " + NONCE + ", " + SIGNATURE
                            + " are required");
        }
        long t;
        try {
            t = Long.parseLong(ts);
        } catch (NumberFormatException e) {
            throw new HttpError(401, "bad " + TIMESTAMP + ": not a number");
        }
        if (Math.abs(now - t) > WINDOW_MS)
            throw new HttpError(
                    401,
                    "stale or future timestamp: " + (t - now) + " ms from the server's clock (window ±" + WINDOW_MS
                            + " ms)");
        if (!nonce.matches("[0-9a-f]{32}"))
            throw new HttpError(401, "bad " + NONCE + ": 32 lowercase hex digits expected");
        if (!sig.matches("[0-9a-fA-F]{128}"))
            throw new HttpError(401, "bad " + SIGNATURE + ": 128 hex digits expected");
        return id;
    }

    /**
     * Verifies a call's signature under {@code key} and records its nonce (after {@link #precheck}).
     *
     * @throws HttpError 401 for a bad signature or a replayed nonce
     */
    public void verify(
            String method, String pathAndQuery, Function<String, String> header, byte[] body, Bytes key, long now) {
        String id = precheck(header, now);
        String nonce = header.apply(NONCE);
        long t = Long.parseLong(header.apply(TIMESTAMP));
        byte[] s = HEX.parseHex(header.apply(SIGNATURE));
        if (!SigningKey.verify(key, message(domain, method, pathAndQuery, t, nonce, body), s))
            throw new HttpError(401, "bad signature for '" + Exchange.clip(id) + "'");
        synchronized (seen) {
            LinkedHashMap<String, Long> mine = seen.computeIfAbsent(id, k -> new LinkedHashMap<>());
            for (Iterator<Long> it = mine.values().iterator(); it.hasNext(); ) {
                if (it.next() < now - 2 * WINDOW_MS) it.remove();
                else break;
            }
            if (mine.containsKey(nonce)) throw new HttpError(401, "replayed request (nonce already used)");
            mine.put(nonce, now);
        }
    }
}
