package io.coprover.protocol.vrf;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A VRF secret key with its suite and public key.
 *
 * <p>Text encoding ({@link #encode()}/{@link #decode(String)}), one {@code key=value} per line,
 * {@code #} comments and blank lines ignored, keys in any order:
 * <pre>
 * # coprover VRF key
 * suite=ECVRF-P256-SHA256-TAI
 * secret=&lt;hex, suite's secret-key encoding&gt;
 * public=&lt;hex, suite's public-key encoding&gt;
 * </pre>
 * {@code public} is optional on input; when present it must equal the key derived from
 * {@code secret} (catches a truncated or mixed-up file).
 */
public final class VrfKeyPair {
    private static final HexFormat HEX = HexFormat.of();
    private final Vrf suite;
    private final byte[] secret;
    private final byte[] publicKey;

    private VrfKeyPair(Vrf suite, byte[] secret) {
        this.suite = suite;
        this.secret = secret.clone();
        this.publicKey = suite.publicKey(this.secret); // validates the secret
    }

    /** The key pair of an existing secret key. */
    public static VrfKeyPair of(Vrf suite, byte[] secret) {
        return new VrfKeyPair(suite, secret);
    }

    /** A fresh key pair. */
    public static VrfKeyPair generate(Vrf suite, SecureRandom rnd) {
        return new VrfKeyPair(suite, suite.generateSecretKey(rnd));
    }

    public Vrf suite() {
        return suite;
    }

    /** A copy of the secret key. */
    public byte[] secretKey() {
        return secret.clone();
    }

    /** A copy of the public key. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** ECVRF_prove with this key. */
    public byte[] prove(byte[] alpha) {
        return suite.prove(secret, alpha);
    }

    /** beta for alpha with this key (no proof). */
    public byte[] hash(byte[] alpha) {
        return suite.hash(secret, alpha);
    }

    /** The text encoding described in the class comment. */
    public String encode() {
        return "# coprover VRF key (keep secret)\n"
                + "suite=" + suite.name() + "\n"
                + "secret=" + HEX.formatHex(secret) + "\n"
                + "public=" + HEX.formatHex(publicKey) + "\n";
    }

    /** Parses the text encoding; errors name the line or field that is wrong. */
    public static VrfKeyPair decode(String text) {
        Map<String, String> kv = new LinkedHashMap<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            int eq = l.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("key file line " + (i + 1) + ": expected key=value");
            String k = l.substring(0, eq).strip();
            if (kv.put(k, l.substring(eq + 1).strip()) != null) {
                throw new IllegalArgumentException("key file: duplicate field '" + k + "'");
            }
        }
        for (String k : kv.keySet()) {
            if (!k.equals("suite") && !k.equals("secret") && !k.equals("public")) {
                throw new IllegalArgumentException("key file: unknown field '" + k + "'");
            }
        }
        String s = kv.get("suite");
        String sec = kv.get("secret");
        if (s == null) throw new IllegalArgumentException("key file: missing 'suite'");
        if (sec == null) throw new IllegalArgumentException("key file: missing 'secret'");
        Vrf suite = Ecvrf.byName(s);
        byte[] skBytes;
        try {
            skBytes = HEX.parseHex(sec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key file: 'secret' is not hex");
        }
        VrfKeyPair kp = new VrfKeyPair(suite, skBytes);
        String pub = kv.get("public");
        if (pub != null) {
            byte[] pk;
            try {
                pk = HEX.parseHex(pub);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key file: 'public' is not hex");
            }
            if (!MessageDigest.isEqual(pk, kp.publicKey)) {
                throw new IllegalArgumentException("key file: 'public' does not match the secret key");
            }
        }
        return kp;
    }

    @Override
    public String toString() {
        return "VrfKeyPair(" + suite.name() + ", public=" + HEX.formatHex(publicKey) + ")";
    }
}
