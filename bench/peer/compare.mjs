// Joins two CSV files from `coprover bench --format csv` (ours) and peer-bench.mjs (theirs) on
// (op, log2_size) and prints a Markdown table. Ratios are their time / ours (> 1: coprover is
// faster), by median wall time and by CPU time per run (the latter is what to trust when other
// programs share the cores: wall time counts their use of the cores too).
// Usage: node compare.mjs OURS.csv THEIRS.csv
import { readFileSync } from "node:fs";

function read(path) {
    const rows = new Map();
    let cols = null;
    for (const line of readFileSync(path, "utf8").split("\n")) {
        const f = line.trim().split(",");
        if (f[0] === "op") { cols = f; continue; }
        if (!cols || f.length !== cols.length) continue;
        const r = Object.fromEntries(cols.map((c, i) => [c, f[i]]));
        rows.set(`${r.op},${r.log2_size}`, { op: r.op, log: Number(r.log2_size), med: Number(r.median_ms), cpu: Number(r.cpu_ms) });
    }
    return rows;
}

const [ours, theirs] = process.argv.slice(2).map(read);
const names = { msm: "G1 MSM", ntt: "Fr NTT" };
const fmt = (ms) => !isFinite(ms) ? "n/a" : (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2)) + " ms";
const ratio = (a, b) => (isFinite(a) && isFinite(b) && a > 0 ? (b / a).toFixed(1) + "×" : "n/a");
console.log("| operation | size | coprover (median) | ffjavascript (median) | ratio | coprover CPU/run | ffjavascript CPU/run | CPU ratio |");
console.log("|---|---|---:|---:|---:|---:|---:|---:|");
const keys = [...new Set([...ours.keys(), ...theirs.keys()])].sort((a, b) => {
    const [oa, la] = a.split(","), [ob, lb] = b.split(",");
    return oa === ob ? Number(la) - Number(lb) : oa.localeCompare(ob);
});
for (const k of keys) {
    const a = ours.get(k), b = theirs.get(k), r = a || b;
    const am = a ? a.med : NaN, bm = b ? b.med : NaN, ac = a ? a.cpu : NaN, bc = b ? b.cpu : NaN;
    console.log(`| ${names[r.op] || r.op} | 2^${r.log} | ${fmt(am)} | ${fmt(bm)} | ${ratio(am, bm)} | ${fmt(ac)} | ${fmt(bc)} | ${ratio(ac, bc)} |`);
}
