// Times ffjavascript's BN254 pairing check (bn128.pairingEq, what `snarkjs plonk verify` calls)
// on a true 2-pair check e(sP, Q)·e(−P, sQ) = 1, single-threaded and with its worker threads.
// Prints one Markdown table row per mode: median and minimum milliseconds per check.
// Usage: node pairing-bench.mjs [reps]   (run `npm ci` in this folder first)
import { buildBn128 } from "ffjavascript";

const reps = Number(process.argv[2] ?? 50);
console.log("| ffjavascript 0.3.1 pairingEq, 2 pairs | median ms | min ms |");
console.log("|---|---|---|");
for (const singleThread of [true, false]) {
    const curve = await buildBn128(singleThread);
    const { G1, G2, Fr } = curve;
    const s = Fr.e(987654321987654321987654321n);
    const sP = G1.timesFr(G1.g, s), negP = G1.neg(G1.g), sQ = G2.timesFr(G2.g, s);
    const times = [];
    for (let i = 0; i < reps + 5; i++) {
        const t0 = process.hrtime.bigint();
        const ok = await curve.pairingEq(sP, G2.g, negP, sQ);
        const t1 = process.hrtime.bigint();
        if (!ok) throw new Error("pairing check failed");
        if (i >= 5) times.push(Number(t1 - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    const med = times[Math.floor(times.length / 2)];
    console.log(`| ${singleThread ? "single thread" : "worker threads"} | ${med.toFixed(2)} | ${times[0].toFixed(2)} |`);
    if (!singleThread) await curve.terminate();
}
