#!/usr/bin/env python3
"""Derives every BN254 constant the native library uses and writes
native/include/coprover/bn254_constants.h (a generated file: edit this script, not the header).

Each constant is computed from its mathematical definition, nothing is typed in by hand except the
two moduli (r and q, the BN254 parameters of Barreto-Naehrig with u = 4965661367192848881), the
curve constant b = 3 and the NTT generator 5:
  R        = 2^256 (Montgomery radix, four 64-bit limbs)
  INV      = -p^{-1} mod 2^64
  ONE      = R mod p           (Montgomery form of 1)
  R2       = R^2 mod p         (multiplying by it converts into Montgomery form)
  OMEGA_28 = 5^((r-1)/2^28) mod r, a primitive 2^28-th root of unity (Fr's 2-adicity is 28;
             5 is the smallest quadratic non-residue mod r, the choice of ffjavascript/snarkjs)
  GLV      the endomorphism phi(x, y) = (BETA x, y) of G1 with phi(P) = LAMBDA P: BETA a cube root
           of unity in Fq, LAMBDA one in Fr, the pair matched by checking phi(G) = LAMBDA G on the
           generator G = (1, 2); a short basis (A1, B1), (A2, B2) of the lattice
           {(a, b) : a + b LAMBDA = 0 mod r} from the extended Euclidean algorithm (Gallant,
           Lambert, Vanstone 2001, section 4); and G1 = round(2^256 B2 / r),
           G2 = round(2^256 |B1| / r), so that c1 = round(k B2 / r) and c2 = round(k |B1| / r) cost
           one multiplication each and k = k1 + k2 LAMBDA with k1 = k - c1 A1 - c2 A2,
           k2 = c1 |B1| - c2 B2, both of magnitude below 2^BITS.
The Java side derives the same values in io.coprover.math.Field / Ntt / Glv; a test compares them.

Usage: python3 native/gen_constants.py [output]   (default: the header beside this script)
"""
import os
import sys

R_MOD = 21888242871839275222246405745257275088548364400416034343698204186575808495617
Q_MOD = 21888242871839275222246405745257275088696311157297823662689037894645226208583
RADIX = 1 << 256
TWO_ADICITY = 28


def limbs(v):
    return [(v >> (64 * i)) & 0xFFFFFFFFFFFFFFFF for i in range(4)]


def mont(v, p):
    return v * RADIX % p


def emit_field(name, p, extra):
    s = (p - 1) & -(p - 1)
    lines = [f"/* {name}: p = {p} */", f"struct {name}Params {{"]
    vals = {
        "P": p,
        "ONE": RADIX % p,
        "R2": RADIX * RADIX % p,
        "PM2": p - 2,  # Fermat inversion exponent
    }
    vals.update(extra)
    for key, v in vals.items():
        for i, l in enumerate(limbs(v)):
            lines.append(f"    static constexpr uint64_t {key}{i} = 0x{l:016x}ULL;")
    inv = (-pow(p, -1, 1 << 64)) % (1 << 64)
    lines.append(f"    static constexpr uint64_t INV = 0x{inv:016x}ULL; /* -p^-1 mod 2^64 */")
    lines.append(f"    static constexpr int TWO_ADICITY = {s.bit_length() - 1};")
    lines.append("};")
    return "\n".join(lines)


def ec_add(P, Q, q):
    if P is None:
        return Q
    if Q is None:
        return P
    (x1, y1), (x2, y2) = P, Q
    if x1 == x2:
        if (y1 + y2) % q == 0:
            return None
        lam = 3 * x1 * x1 * pow(2 * y1, -1, q) % q
    else:
        lam = (y2 - y1) * pow(x2 - x1, -1, q) % q
    x3 = (lam * lam - x1 - x2) % q
    return (x3, (lam * (x1 - x3) - y1) % q)


def ec_mul(k, P, q):
    acc = None
    while k:
        if k & 1:
            acc = ec_add(acc, P, q)
        P = ec_add(P, P, q)
        k >>= 1
    return acc


def cube_root_of_unity(p):
    """The smaller of the two primitive cube roots of unity mod p (p = 1 mod 3)."""
    for g in range(2, 100):
        w = pow(g, (p - 1) // 3, p)
        if w != 1:
            return min(w, w * w % p)
    raise AssertionError("no cube root of unity")


def glv():
    beta = cube_root_of_unity(Q_MOD)
    lam = None
    gen = (1, 2)
    for cand in (cube_root_of_unity(R_MOD), cube_root_of_unity(R_MOD) ** 2 % R_MOD):
        if ec_mul(cand, gen, Q_MOD) == (beta * gen[0] % Q_MOD, gen[1]):
            lam = cand
    assert lam is not None and pow(beta, 3, Q_MOD) == 1 and pow(lam, 3, R_MOD) == 1
    # extended Euclid on (r, lambda): s_i r + t_i lambda = r_i, so (r_i, -t_i) lies in the lattice
    rs, ts = [R_MOD, lam], [0, 1]
    while rs[-1] != 0:
        quo = rs[-2] // rs[-1]
        rs.append(rs[-2] - quo * rs[-1])
        ts.append(ts[-2] - quo * ts[-1])
    m = max(i for i in range(len(rs)) if rs[i] * rs[i] >= R_MOD)
    a1, b1 = rs[m + 1], -ts[m + 1]
    a2, b2 = min([(rs[m], -ts[m]), (rs[m + 2], -ts[m + 2])], key=lambda v: v[0] ** 2 + v[1] ** 2)
    for a, b in ((a1, b1), (a2, b2)):
        assert (a + b * lam) % R_MOD == 0
    assert a1 * b2 - a2 * b1 == R_MOD and a1 > 0 and b1 < 0 and a2 > 0 and b2 > 0
    g1 = ((b2 << 256) + R_MOD // 2) // R_MOD
    g2 = ((-b1 << 256) + R_MOD // 2) // R_MOD
    # |c - k b / r| <= 1/2 + k |G - 2^256 b / r| / 2^256 <= 1/2 + 1/8 for k < 2^254, hence
    # |k1| <= 5/8 (A1 + A2) and |k2| <= 5/8 (|B1| + B2)
    bits = max((5 * (a1 + a2) // 8).bit_length(), (5 * (-b1 + b2) // 8).bit_length())
    assert bits <= 127 and max(a1, -b1, a2, b2).bit_length() <= 128 and max(g1, g2).bit_length() <= 192
    return {"BETA_": mont(beta, Q_MOD), "LAMBDA_": lam, "A1_": a1, "B1ABS_": -b1, "A2_": a2,
            "B2_": b2, "G1_": g1, "G2_": g2}, bits


def emit_glv(vals, bits):
    lines = ["/* GLV endomorphism: BETA_ Montgomery Fq, the rest plain integers (B1 = -B1ABS_ < 0). */",
             "struct GlvParams {"]
    for key, v in vals.items():
        for i, l in enumerate(limbs(v)):
            lines.append(f"    static constexpr uint64_t {key}{i} = 0x{l:016x}ULL;")
    lines.append(f"    static constexpr int BITS = {bits}; /* |k1|, |k2| < 2^BITS */")
    lines.append("};")
    return "\n".join(lines)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "include", "coprover", "bn254_constants.h")
    assert (R_MOD - 1) % (1 << TWO_ADICITY) == 0 and ((R_MOD - 1) >> TWO_ADICITY) % 2 == 1
    assert pow(5, (R_MOD - 1) // 2, R_MOD) == R_MOD - 1  # 5 is a non-residue
    omega = pow(5, (R_MOD - 1) >> TWO_ADICITY, R_MOD)
    assert pow(omega, 1 << (TWO_ADICITY - 1), R_MOD) == R_MOD - 1
    fr = emit_field("Fr", R_MOD, {"OMEGA28_": mont(omega, R_MOD), "GEN5_": mont(5, R_MOD)})
    fq = emit_field("Fq", Q_MOD, {"B3_": mont(3, Q_MOD)})
    glv_text = emit_glv(*glv())
    text = f"""/* GENERATED by native/gen_constants.py -- do not edit by hand; edit the script and rerun it.
 * BN254 field constants, 64-bit limbs least significant first, Montgomery radix R = 2^256.
 * Fr extras: OMEGA28_ = Montgomery(5^((r-1)/2^28)), GEN5_ = Montgomery(5).
 * Fq extras: B3_ = Montgomery(3), the curve constant of y^2 = x^3 + 3.
 * GlvParams: the endomorphism and lattice constants of the GLV scalar split (see the script). */
#ifndef COPROVER_BN254_CONSTANTS_H
#define COPROVER_BN254_CONSTANTS_H
#include <stdint.h>

namespace coprover {{

{fr}

{fq}

{glv_text}

}}  // namespace coprover

#endif
"""
    with open(out, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
