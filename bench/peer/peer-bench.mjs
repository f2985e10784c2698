// Times ffjavascript (the field/curve library behind snarkjs) on random inputs:
//   G1.multiExpAffine (bases affine, Montgomery form; scalars uniform in [0, r), little-endian)
//   Fr.fft            (random Fr elements, natural order in and out)
// Prints CSV in the format of `coprover bench --format csv`:
//   op,log2_size,threads,reps,median_ms,min_ms,cpu_ms,throughput_per_s,unit
// cpu_ms: CPU time of the whole process (main thread and the WebAssembly workers) per timed run.
// Usage: node peer-bench.mjs [--msm 10..18] [--ntt 10..20] [--reps 3] [--warmup 1]
// A size list of "none" skips that operation.
import { buildBn128 } from "ffjavascript";
import { randomBytes } from "node:crypto";

function sizes(spec) {
    if (spec === "none") return [];
    const out = new Set();
    for (const part of spec.split(",")) {
        const m = part.trim().match(/^(\d+)(?:\.\.(\d+))?$/);
        if (!m) throw new Error(`not a log2 size or range: '${part}' (e.g. 10..18 or 12,16)`);
        const a = Number(m[1]), b = m[2] === undefined ? a : Number(m[2]);
        if (a > b) throw new Error(`empty range ${part}`);
        for (let i = a; i <= b; i++) out.add(i);
    }
    return [...out].sort((x, y) => x - y);
}

const args = { msm: "10..18", ntt: "10..20", reps: "3", warmup: "1" };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i].replace(/^--/, "");
    if (!(k in args) || argv[i + 1] === undefined) {
        console.error(`usage: node peer-bench.mjs [--msm 10..18] [--ntt 10..20] [--reps N] [--warmup N]`);
        process.exit(2);
    }
    args[k] = argv[i + 1];
}
const reps = Number(args.reps), warmup = Number(args.warmup);
const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** n uniform Fr values in [0, r) as 32-byte little-endian words (rejection sampling on 254 bits). */
function randomFr(n) {
    const out = new Uint8Array(32 * n);
    for (let i = 0; i < n; i++) {
        for (;;) {
            const b = randomBytes(32);
            b[31] &= 0x3f;
            let v = 0n;
            for (let j = 31; j >= 0; j--) v = (v << 8n) | BigInt(b[j]);
            if (v < R) { out.set(b, 32 * i); break; }
        }
    }
    return out;
}

/** n affine bases P_i = a·G + i·Q (Montgomery LE, as in a .zkey); the MSM's cost does not depend on them. */
async function randomBases(curve, n) {
    const G1 = curve.G1;
    const s1 = curve.Fr.e(BigInt("0x" + randomBytes(31).toString("hex")));
    const s2 = curve.Fr.e(BigInt("0x" + randomBytes(31).toString("hex")));
    const q = G1.timesFr(G1.g, s2);
    const jac = new Uint8Array(96 * n);
    let p = G1.timesFr(G1.g, s1);
    for (let i = 0; i < n; i++) {
        jac.set(p, 96 * i);
        p = G1.add(p, q);
    }
    return await G1.batchToAffine(jac);
}

async function time(fn) {
    for (let i = 0; i < warmup; i++) await fn();
    const ms = [];
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < reps; i++) {
        const t0 = process.hrtime.bigint();
        await fn();
        ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const cpu = process.cpuUsage(cpu0);
    ms.sort((a, b) => a - b);
    const med = ms.length % 2 ? ms[(ms.length - 1) / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2;
    return { med, min: ms[0], cpu: (cpu.user + cpu.system) / 1e3 / reps };
}

const curve = await buildBn128();
const threads = curve.tm.concurrency;
console.log("op,log2_size,threads,reps,median_ms,min_ms,cpu_ms,throughput_per_s,unit");
const msmSizes = sizes(args.msm), nttSizes = sizes(args.ntt);
if (msmSizes.length) {
    const max = 1 << msmSizes[msmSizes.length - 1];
    const bases = await randomBases(curve, max);
    const scalars = randomFr(max);
    for (const log of msmSizes) {
        const n = 1 << log;
        const b = bases.slice(0, 64 * n), s = scalars.slice(0, 32 * n);
        const t = await time(() => curve.G1.multiExpAffine(b, s));
        console.log(`msm,${log},${threads},${reps},${t.med.toFixed(4)},${t.min.toFixed(4)},${t.cpu.toFixed(4)},${(n / (t.med / 1e3)).toFixed(1)},points/s`);
    }
}
for (const log of nttSizes) {
    const n = 1 << log;
    const data = randomFr(n); // a uniform value < r is also a uniform Montgomery representation
    const t = await time(() => curve.Fr.fft(data));
    const bf = (n / 2) * log;
    console.log(`ntt,${log},${threads},${reps},${t.med.toFixed(4)},${t.min.toFixed(4)},${t.cpu.toFixed(4)},${(bf / (t.med / 1e3)).toFixed(1)},butterflies/s`);
}
await curve.terminate();
