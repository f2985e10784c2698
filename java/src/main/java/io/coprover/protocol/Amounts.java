package io.coprover.protocol;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/**
 * Token amounts: non-negative integers of the smallest unit, 1 AZT = 10^18 units, bounded by
 * 2^256 − 1 (a uint256 on L1). Parsing and formatting for people; consensus code uses only the
 * {@link BigInteger} units.
 *
 * <p>Accepted text: {@code 1000}, {@code 1000.5}, {@code 1000.5AZT}, {@code 1000.5 AZT} (AZT with
 * at most 18 decimals), or {@code 1500units} / {@code 1500 units} (whole units). Underscores may
 * group digits ({@code 1_000}). Signs, exponents and more than 18 decimals are rejected.
 */
public final class Amounts {
    private Amounts() {}

    public static final int DECIMALS = 18;
    /** Units per AZT: 10^18. */
    public static final BigInteger ONE_AZT = BigInteger.TEN.pow(DECIMALS);
    /** The largest amount: 2^256 − 1. */
    public static final BigInteger MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    /** Checks 0 ≤ v ≤ 2^256 − 1; {@code what} names the amount in the error. */
    public static BigInteger check(BigInteger v, String what) {
        if (v == null) throw new IllegalArgumentException(what + ": missing");
        if (v.signum() < 0) throw new IllegalArgumentException(what + " must not be negative: " + v);
        if (v.compareTo(MAX) > 0) throw new IllegalArgumentException(what + " overflows 2^256-1 units: " + v);
        return v;
    }

    /** Parses an amount (see class comment) into units. */
    public static BigInteger parse(String text, String what) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException(what + ": empty amount");
        String t = text.strip().replace("_", "");
        String lower = t.toLowerCase(Locale.ROOT);
        boolean units = false;
        if (lower.endsWith("units")) {
            units = true;
            t = t.substring(0, t.length() - 5).strip();
        } else if (lower.endsWith("azt")) {
            t = t.substring(0, t.length() - 3).strip();
        }
        if (t.startsWith("-")) throw new IllegalArgumentException(what + " must not be negative: " + text);
        if (!t.matches("[0-9]+(\\.[0-9]+)?")) {
            throw new IllegalArgumentException(
                    what + ": not an amount: '" + text + "' (expected e.g. 1000, 1000.5, 1000.5AZT or 1500units)");
        }
        BigInteger v;
        if (units) {
            if (t.contains(".")) throw new IllegalArgumentException(what + ": units must be a whole number: " + text);
            v = new BigInteger(t);
        } else {
            BigDecimal d = new BigDecimal(t);
            if (d.scale() > DECIMALS) {
                throw new IllegalArgumentException(what + ": more than " + DECIMALS + " decimals: " + text);
            }
            v = d.movePointRight(DECIMALS).toBigIntegerExact();
        }
        return check(v, what);
    }

    /** Formats units as AZT with exactly 18 decimals, e.g. {@code 8.602150537634408602}. */
    public static String formatAzt(BigInteger units) {
        BigInteger[] qr = units.abs().divideAndRemainder(ONE_AZT);
        String frac = qr[1].toString();
        return (units.signum() < 0 ? "-" : "") + qr[0] + "." + "0".repeat(DECIMALS - frac.length()) + frac;
    }
}
