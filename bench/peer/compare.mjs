// Joins two CSV files from `coprover bench --format csv` (ours) and peer-bench.mjs (theirs) on
// (op, log2_size) and prints a Markdown table; ratio = their median / our median (> 1: we are faster).
// Usage: node compare.mjs OURS.csv THEIRS.csv
import { readFileSync } from "node:fs";

function read(path) {
    const rows = new Map();
    for (const line of readFileSync(path, "utf8").split("\n")) {
        const f = line.trim().split(",");
        if (f.length < 6 || f[0] === "op" || !/^\d+$/.test(f[1])) continue;
        rows.set(`${f[0]},${f[1]}`, { op: f[0], log: Number(f[1]), threads: f[2], med: Number(f[4]) });
    }
    return rows;
}

const [ours, theirs] = process.argv.slice(2).map(read);
const names = { msm: "G1 MSM (coprover `bench msm` vs `G1.multiExpAffine`)", ntt: "Fr NTT (coprover `bench ntt` vs `Fr.fft`)" };
const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2)) + " ms";
console.log("| operation | size | coprover (median) | ffjavascript (median) | ratio (ffjavascript / coprover) |");
console.log("|---|---|---|---|---|");
const keys = [...new Set([...ours.keys(), ...theirs.keys()])].sort((a, b) => {
    const [oa, la] = a.split(","), [ob, lb] = b.split(",");
    return oa === ob ? Number(la) - Number(lb) : oa.localeCompare(ob);
});
for (const k of keys) {
    const a = ours.get(k), b = theirs.get(k);
    const r = a || b;
    const ratio = a && b ? (b.med / a.med).toFixed(1) + "×" : "n/a";
    console.log(`| ${names[r.op] || r.op} | 2^${r.log} | ${a ? fmt(a.med) : "n/a"} | ${b ? fmt(b.med) : "n/a"} | ${ratio} |`);
}
