package io.coprover.protocol.vrf;

/**
 * The intermediate values of one ECVRF_prove run, named as in RFC 9381 Appendix B, each in the
 * suite's encoding: {@code x} secret scalar, {@code h} = encode_to_curve(PK, alpha) with the
 * try-and-increment counter {@code ctr} that produced it, {@code k} the nonce, {@code u} = k·B,
 * {@code v} = k·H, {@code pi} the proof and {@code beta} its hash.
 */
public record VrfTrace(byte[] pk, byte[] x, int ctr, byte[] h, byte[] k, byte[] u, byte[] v, byte[] pi, byte[] beta) {}
