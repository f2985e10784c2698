package io.coprover.net.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A whole response: status, content type, body and extra headers. Every answer of an
 * {@link HttpService} is one of these, written with its exact Content-Length.
 */
public record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
    public Reply {
        if (status < 100 || status > 599) throw new IllegalArgumentException("HTTP status out of range: " + status);
        body = body == null ? new byte[0] : body;
        headers = Map.copyOf(headers == null ? Map.of() : headers);
    }

    public static Reply bytes(int status, String contentType, byte[] body) {
        return new Reply(status, contentType, body, Map.of());
    }

    public static Reply json(int status, byte[] body) {
        return bytes(status, "application/json", body);
    }

    public static Reply text(int status, String text) {
        return bytes(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /** This reply with one more header (replacing one of the same name). */
    public Reply withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Reply(status, contentType, body, h);
    }
}
