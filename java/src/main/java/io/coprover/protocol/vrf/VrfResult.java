package io.coprover.protocol.vrf;

/**
 * Outcome of {@link Vrf#verify}: {@code valid} with the output {@code beta}, or invalid with a
 * human-readable {@code reason} (and a null beta).
 */
public record VrfResult(boolean valid, byte[] beta, String reason) {
    public static VrfResult ok(byte[] beta) {
        return new VrfResult(true, beta, null);
    }

    public static VrfResult invalid(String reason) {
        return new VrfResult(false, null, reason);
    }
}
