package io.coprover.protocol.vrf;

import java.util.List;
import java.util.Locale;

/** The ECVRF ciphersuites this project implements, and lookup by RFC name. */
public final class Ecvrf {
    private Ecvrf() {}

    /** ECVRF-P256-SHA256-TAI (suite 0x01): the default suite of the network. */
    public static final Vrf P256_SHA256_TAI = new EcvrfP256();

    /** ECVRF-EDWARDS25519-SHA512-TAI (suite 0x03). */
    public static final Vrf EDWARDS25519_SHA512_TAI = new EcvrfEd25519(false);

    /** ECVRF-EDWARDS25519-SHA512-ELL2 (suite 0x04). */
    public static final Vrf EDWARDS25519_SHA512_ELL2 = new EcvrfEd25519(true);

    /** Every supported suite. */
    public static List<Vrf> all() {
        return List.of(P256_SHA256_TAI, EDWARDS25519_SHA512_TAI, EDWARDS25519_SHA512_ELL2);
    }

    /** Looks a suite up by its RFC name (case-insensitive). */
    public static Vrf byName(String name) {
        for (Vrf v : all()) {
            if (v.name().equalsIgnoreCase(name)) return v;
        }
        throw new IllegalArgumentException("unknown VRF suite '" + name + "' (supported: "
                + all().stream().map(Vrf::name).toList() + ")");
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
