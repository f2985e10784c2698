package io.coprover.builder;

import io.coprover.protocol.Bytes;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signed requests: every call but {@code /v1/health} carries four headers, and the builder accepts
 * it only if the signature verifies under the named client's registered key, the timestamp is within
 * {@link #WINDOW_MS} of the builder's clock, and the nonce was not seen from that client within
 * the window (replay protection; older timestamps are refused anyway, so the nonce memory is bounded
 * by the window and the client's rate limit).
 * <pre>
 * X-Coprover-Client: name     X-Coprover-Timestamp: Unix ms     X-Coprover-Nonce: 32 hex digits
 * X-Coprover-Signature: hex(Ed25519(seed, message))
 * message = "coprover/builder/v1\n" ‖ METHOD ‖ "\n" ‖ path?query ‖ "\n" ‖ timestamp ‖ "\n" ‖ nonce ‖ "\n" ‖ hex(SHA-256(body))
 * </pre>
 * The body hash binds the proof request (and so its prover binding) to the signature.
 */
public final class RequestAuth {
    public static final String CLIENT = "X-Coprover-Client", TIMESTAMP = "X-Coprover-Timestamp", NONCE = "X-Coprover-Nonce", SIGNATURE = "X-Coprover-Signature";
    /** Accepted clock difference either way. */
    public static final long WINDOW_MS = 60_000;
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RND = new SecureRandom();

    /** Why a call was refused: an HTTP status and a message for the caller. */
    public static final class Refused extends RuntimeException {
        public final int status;

        public Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    public static byte[] message(String method, String pathAndQuery, long timestamp, String nonce, byte[] body) {
        String m = "coprover/builder/v1\n" + method + "\n" + pathAndQuery + "\n" + timestamp + "\n" + nonce + "\n" + HEX.formatHex(Bytes.sha256(body));
        return m.getBytes(StandardCharsets.UTF_8);
    }

    /** The four headers for a call by {@code client} (the client side). */
    public static Map<String, String> sign(String client, ClientKey key, String method, String pathAndQuery, byte[] body, long now) {
        byte[] n = new byte[16];
        RND.nextBytes(n);
        String nonce = HEX.formatHex(n);
        Map<String, String> h = new LinkedHashMap<>();
        h.put(CLIENT, client);
        h.put(TIMESTAMP, Long.toString(now));
        h.put(NONCE, nonce);
        h.put(SIGNATURE, HEX.formatHex(key.sign(message(method, pathAndQuery, now, nonce, body))));
        return h;
    }

    private final Clients clients;
    private final Map<String, LinkedHashMap<String, Long>> seen = new HashMap<>();
    private final Map<String, double[]> buckets = new HashMap<>();

    public RequestAuth(Clients clients) {
        this.clients = clients;
    }

    /**
     * What can be checked before the body is read (the builder reads a body only for a caller that
     * passes this): the four headers are there, the client is registered, the timestamp is within
     * the window, the nonce and signature are well-formed. Charges nothing.
     *
     * @throws Refused 401 naming the fault
     */
    public Clients.Client precheck(java.util.function.Function<String, String> header, long now) {
        String name = header.apply(CLIENT), ts = header.apply(TIMESTAMP), nonce = header.apply(NONCE), sig = header.apply(SIGNATURE);
        if (name == null || ts == null || nonce == null || sig == null) throw new Refused(401, "unsigned request: headers " + CLIENT + ", " + TIMESTAMP + ", " + NONCE + ", " + SIGNATURE + " are required");
        Clients.Client c = clients.get(name);
        if (c == null) throw new Refused(401, "unknown client '" + clip(name) + "': not registered with this builder");
        long t;
        try {
            t = Long.parseLong(ts);
        } catch (NumberFormatException e) {
            throw new Refused(401, "bad " + TIMESTAMP + ": not a number");
        }
        if (Math.abs(now - t) > WINDOW_MS) throw new Refused(401, "stale or future timestamp: " + (t - now) + " ms from the builder's clock (window ±" + WINDOW_MS + " ms)");
        if (!nonce.matches("[0-9a-f]{32}")) throw new Refused(401, "bad " + NONCE + ": 32 lowercase hex digits expected");
        if (!sig.matches("[0-9a-fA-F]{128}")) throw new Refused(401, "bad " + SIGNATURE + ": 128 hex digits expected");
        return c;
    }

    /**
     * Authenticates a call (the builder side) and charges it to the client's rate limit.
     *
     * @param header looks up a request header (null if absent)
     * @throws Refused 401 (unknown client, bad or stale signature, replay) or 429 (rate limit)
     */
    public Clients.Client authenticate(String method, String pathAndQuery, java.util.function.Function<String, String> header, byte[] body, long now) {
        Clients.Client c = precheck(header, now);
        String name = c.name(), nonce = header.apply(NONCE);
        long t = Long.parseLong(header.apply(TIMESTAMP));
        byte[] s = HEX.parseHex(header.apply(SIGNATURE));
        if (!ClientKey.verify(c.authKey(), message(method, pathAndQuery, t, nonce, body), s)) throw new Refused(401, "bad signature for client '" + name + "'");
        synchronized (this) {
            LinkedHashMap<String, Long> mine = seen.computeIfAbsent(name, k -> new LinkedHashMap<>());
            for (Iterator<Long> it = mine.values().iterator(); it.hasNext(); ) {
                if (it.next() < now - 2 * WINDOW_MS) it.remove(); else break;
            }
            if (mine.containsKey(nonce)) throw new Refused(401, "replayed request (nonce already used)");
            // token bucket: maxPerMinute tokens, refilled continuously
            double[] b = buckets.computeIfAbsent(name, k -> new double[] {c.maxPerMinute(), now});
            b[0] = Math.min(c.maxPerMinute(), b[0] + (now - b[1]) * c.maxPerMinute() / 60_000.0);
            b[1] = now;
            if (b[0] < 1) throw new Refused(429, "rate limit: " + c.maxPerMinute() + " calls per minute for client '" + name + "'");
            b[0] -= 1;
            mine.put(nonce, now);
        }
        return c;
    }

    private static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }
}
