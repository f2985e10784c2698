package io.coprover.net.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 by hand over loopback sockets, for the tests of every server: half-sent requests
 * (slowloris), floods from another loopback address, and reading exactly what the server answers
 * and whether it then closed the connection.
 */
public final class RawHttp {
    /** How long a test waits for the server before it fails: a bound on a hang, not a timing assertion. */
    public static final int PATIENCE_MS = 60_000;

    private RawHttp() {}

    /** A connection to 127.0.0.1:port from {@code from} (another 127.x.y.z address is another peer). */
    public static Socket open(String from, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), PATIENCE_MS);
        s.setSoTimeout(PATIENCE_MS);
        return s;
    }

    public static Socket open(int port) throws IOException {
        return open("127.0.0.1", port);
    }

    public static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** An answer: status, headers (lower-case names) and body. */
    public record Answer(int status, List<String[]> headers, String body) {
        public String header(String name) {
            for (String[] h : headers) if (h[0].equals(name.toLowerCase(Locale.ROOT))) return h[1];
            return null;
        }
    }

    /** Reads one answer (with a Content-Length); throws if the connection ends first. */
    public static Answer read(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        String status = line(in);
        if (status == null) throw new IOException("connection closed before an answer");
        List<String[]> headers = new ArrayList<>();
        int len = 0;
        for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
            int c = l.indexOf(':');
            String k = l.substring(0, c).trim().toLowerCase(Locale.ROOT),
                    v = l.substring(c + 1).trim();
            headers.add(new String[] {k, v});
            if (k.equals("content-length")) len = Integer.parseInt(v);
        }
        byte[] body = in.readNBytes(len);
        return new Answer(Integer.parseInt(status.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
            if (c != '\r') b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * True when the server closes the connection (end of stream or reset), after reading and
     * dropping whatever it answered first; false if it is still open after {@link #PATIENCE_MS}.
     */
    public static boolean closedByServer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        byte[] sink = new byte[4096];
        try {
            while (in.read(sink) >= 0) {
                // an answer before the close (408, 503): dropped
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset by the server
        }
    }

    /** A complete request with a body. */
    public static String request(String method, String path, String headers, String body) {
        return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "Content-Length: " + body.length()
                + "\r\n\r\n" + body;
    }

    /** The slowloris of the brief: headers declaring 100 bytes of body, then 10 of them, then nothing. */
    public static String slowBody(String method, String path, String headers) {
        return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers
                + "Content-Length: 100\r\n\r\n0123456789";
    }

    /** Opens {@code n} connections from {@code from} that each send {@code partial} and then hold. */
    public static List<Socket> hold(String from, int port, int n, String partial) throws IOException {
        List<Socket> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Socket s = open(from, port);
            send(s, partial);
            out.add(s);
        }
        return out;
    }

    public static void closeAll(List<Socket> ss) {
        for (Socket s : ss) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a test socket
            }
        }
    }
}
