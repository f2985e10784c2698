package io.coprover.protocol;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Ratios in parts per million (1_000_000 ppm = 100%), the exact form of FEE_SPLIT and FEE_BURN.
 *
 * <p>Accepted text: {@code 80%} or {@code 12.3456%} (at most 4 decimals, so the value is a whole
 * number of ppm) or {@code 800000ppm}. A bare number is rejected as ambiguous.
 */
public final class Ppm {
    private Ppm() {}

    /** 100% in ppm. */
    public static final long ONE = 1_000_000L;

    /** Parses a ratio into ppm (≥ 0; the caller checks the upper bound of its field). */
    public static long parse(String text, String what) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException(what + ": empty ratio");
        String t = text.strip().replace("_", "").toLowerCase(Locale.ROOT);
        boolean pct;
        if (t.endsWith("%")) {
            pct = true;
            t = t.substring(0, t.length() - 1).strip();
        } else if (t.endsWith("ppm")) {
            pct = false;
            t = t.substring(0, t.length() - 3).strip();
        } else {
            throw new IllegalArgumentException(what + ": '" + text + "' needs a unit: e.g. 80% or 800000ppm");
        }
        if (t.startsWith("-")) throw new IllegalArgumentException(what + " must not be negative: " + text);
        if (!t.matches("[0-9]+(\\.[0-9]+)?"))
            throw new IllegalArgumentException(what + ": not a number: '" + text + "'");
        BigDecimal d = new BigDecimal(t);
        if (pct) d = d.movePointRight(4);
        if (d.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException(
                    what + ": '" + text + "' is not a whole number of ppm (at most 4 decimals in %)");
        }
        if (d.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0)
            throw new IllegalArgumentException(what + " too large: " + text);
        return d.longValueExact();
    }

    /** Checks 0 ≤ ppm ≤ max. */
    public static long check(long ppm, long max, String what) {
        if (ppm < 0) throw new IllegalArgumentException(what + " must not be negative: " + ppm + " ppm");
        if (ppm > max)
            throw new IllegalArgumentException(what + " exceeds its maximum " + format(max) + ": " + format(ppm));
        return ppm;
    }

    /** {@code 800000} → {@code 80%}, {@code 123456} → {@code 12.3456%}. */
    public static String format(long ppm) {
        return BigDecimal.valueOf(ppm).movePointLeft(4).stripTrailingZeros().toPlainString() + "%";
    }
}
