// Builds the chain circuit for bench/bb-peer.sh: y_0 = x (private), y_{i+1} = y_i^2 + 7 for
// STEPS steps, y_STEPS public. Compiled by the Noir compiler (WebAssembly) and executed by
// noir_js for x = 5; writes OUT/circuit.json (the program artifact bb reads) and OUT/witness.gz.
//   node chain.mjs STEPS OUT
import { compile_program, createFileManager } from '@noir-lang/noir_wasm';
import { Noir } from '@noir-lang/noir_js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [steps, out] = [Number(process.argv[2]), process.argv[3]];
if (!Number.isInteger(steps) || steps < 1 || !out) {
  console.error('usage: node chain.mjs STEPS OUT');
  process.exit(2);
}
const src = join(out, 'src');
mkdirSync(join(src, 'src'), { recursive: true });
writeFileSync(join(src, 'Nargo.toml'), '[package]\nname = "chain"\ntype = "bin"\nauthors = [""]\n\n[dependencies]\n');
writeFileSync(join(src, 'src', 'main.nr'),
  `global STEPS: u32 = ${steps};\n\nfn main(x: Field) -> pub Field {\n    let mut y = x;\n    for _ in 0..STEPS {\n        y = y * y + 7;\n    }\n    y\n}\n`);
const { program } = await compile_program(createFileManager(src), undefined, () => {}, () => {});
writeFileSync(join(out, 'circuit.json'), JSON.stringify(program));
const { witness, returnValue } = await new Noir(program).execute({ x: '5' });
writeFileSync(join(out, 'witness.gz'), witness);
console.log(`chain: ${steps} steps, y = ${returnValue}`);
