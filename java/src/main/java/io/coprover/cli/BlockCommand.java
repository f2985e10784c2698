package io.coprover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coprover.backend.ProvingBackend;
import io.coprover.plonk.Circuit;
import io.coprover.plonk.Srs;
import io.coprover.plonk.VerificationKey;
import io.coprover.plonk.io.SnarkjsJson;
import io.coprover.plonk.io.SrsFile;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.rollup.BlockFiles;
import io.coprover.rollup.BlockInputs;
import io.coprover.rollup.BlockProver;
import io.coprover.rollup.Fr;
import io.coprover.rollup.RandomBlock;
import io.coprover.rollup.RollupKeys;
import io.coprover.rollup.StateTree;
import io.coprover.rollup.TreeVerifier;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coprover block prove|verify}: prove a random block's whole proof tree; verify it with one pairing. */
@Command(
        name = "block",
        mixinStandardHelpOptions = true,
        description = "Rollup blocks: prove every node of a random block's proof tree, verify a proved tree.",
        subcommands = {BlockCommand.Prove.class, BlockCommand.Verify.class})
public final class BlockCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static double ms(long ns) {
        return ns / 1e6;
    }

    static double median(List<Long> ns) {
        if (ns.isEmpty()) return 0;
        long[] a = ns.stream().mapToLong(Long::longValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] / 1e6 : (a[a.length / 2 - 1] + a[a.length / 2]) / 2e6;
    }

    @Command(
            name = "prove",
            mixinStandardHelpOptions = true,
            description = "Makes a random valid block of N transfers on a fresh state, proves every node of its tree "
                    + "(one proof per node), verifies the tree, and writes proofs, verification keys, the post-block "
                    + "state and manifest.json into DIR.")
    static final class Prove implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--txs", required = true, description = "Number of transfers (padded to a power of two >= 2).")
        int txs;

        @Option(names = "--out", required = true, description = "Output directory.")
        Path out;

        @Option(
                names = "--depth",
                defaultValue = "4",
                description =
                        "State tree depth, 1..32 (default: ${DEFAULT-VALUE}, as the devnet: 16 accounts, "
                                + "a base proof in seconds; a deployment needs 32, 2^32 accounts, a base circuit 5.5 times larger).")
        int depth;

        @Option(
                names = "--force",
                description = "Write into --out even if it is not empty (its earlier block files are removed first).")
        boolean force;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the random state and block.")
        long seed;

        @Option(
                names = "--backend",
                defaultValue = "java",
                description = "Proving backend (default: ${DEFAULT-VALUE}).")
        String backendName;

        @Option(
                names = "--srs",
                description = "SRS: a snarkjs .ptau or a file from `coprover srs new`. Without it a "
                        + "development SRS is generated in memory (insecure).")
        Path srsFile;

        @Option(
                names = "--prover",
                defaultValue = "cli-prover",
                description = "Prover identity (its key bytes are this UTF-8 text).")
        String prover;

        @Option(names = "--fee-burn-ppm", defaultValue = "0", description = "FEE_BURN bound into every proof, ppm.")
        long feeBurn;

        @Option(names = "--block", defaultValue = "1", description = "Block number.")
        long block;

        @Override
        public Integer call() throws Exception {
            PrintWriter o = spec.commandLine().getOut();
            if (txs < 1 || txs > 1 << 16)
                throw new CommandLine.ParameterException(spec.commandLine(), "--txs must be 1..65536");
            if (depth < 1 || depth > StateTree.MAX_DEPTH)
                throw new CommandLine.ParameterException(spec.commandLine(), "--depth must be 1..32");
            prepareOut();
            Path stateFile = out.resolve("state.mv");
            long t0 = System.nanoTime();
            int basePower = RollupKeys.basePower(depth);
            o.printf(
                    "circuits: base (2 txs, depth %d) %d rows, domain 2^%d; merge %d rows, domain 2^%d%n",
                    depth,
                    RollupKeys.baseRows(depth),
                    basePower,
                    RollupKeys.mergeRows(),
                    Circuit.powerFor(RollupKeys.mergeRows()));
            Srs srs;
            if (srsFile != null) {
                srs = SrsFile.load(srsFile, basePower);
                o.printf("srs: %s%s%n", srsFile, srs.insecure ? " - DEVELOPMENT SRS, INSECURE" : "");
            } else {
                srs = Srs.generateInsecure(basePower);
                o.println(
                        "srs: generated in memory for this run - DEVELOPMENT ONLY, INSECURE (use --srs FILE for a real one)");
            }
            long tSrs = System.nanoTime();
            Random rnd = new Random(seed);
            try (ProvingBackend be = PlonkCommand.backend(backendName);
                    StateTree state = StateTree.open(stateFile, depth);
                    RollupKeys keys = new RollupKeys(depth, srs, be)) {
                o.printf(
                        "backend: %s; setup (both circuits, prover preparation) %.1f ms%n",
                        be.name(), ms(keys.setupNanos));
                long[] slots = RandomBlock.fundedAccounts(state, txs, rnd);
                BlockInputs in = BlockInputs.apply(state, block, RandomBlock.transfers(state, slots, txs, rnd));
                state.commit();
                o.printf(
                        "block %d: %d txs (padded to %d), %d accounts; tree: %d base + %d merge nodes%n",
                        block,
                        txs,
                        in.shape().paddedTxs(),
                        slots.length,
                        in.shape().numBase(),
                        in.shape().numNodes() - in.shape().numBase());
                BlockProver bp = new BlockProver(keys);
                Bytes who = Bytes.of(prover.getBytes(StandardCharsets.UTF_8));
                List<Long> baseNs = new ArrayList<>(), mergeNs = new ArrayList<>();
                long tp = System.nanoTime();
                List<ProofRecord> level = new ArrayList<>();
                int total = in.shape().numNodes(), done = 0;
                for (int i = 0; i < in.shape().numBase(); i++) {
                    long t = System.nanoTime();
                    level.add(bp.proveBase(in, i, who, feeBurn));
                    baseNs.add(System.nanoTime() - t);
                    o.printf("  proved %d/%d: base %d in %.1f s%n", ++done, total, i, (System.nanoTime() - t) / 1e9);
                    o.flush();
                }
                for (int l = 1; l <= in.shape().depth(); l++) {
                    List<ProofRecord> next = new ArrayList<>();
                    for (int i = 0; i < level.size() / 2; i++) {
                        long t = System.nanoTime();
                        next.add(bp.proveMerge(
                                block,
                                new NodeId(l, i),
                                List.of(level.get(2 * i)),
                                List.of(level.get(2 * i + 1)),
                                who,
                                feeBurn));
                        mergeNs.add(System.nanoTime() - t);
                        o.printf(
                                "  proved %d/%d: merge (%d,%d) in %.1f s%n",
                                ++done, total, l, i, (System.nanoTime() - t) / 1e9);
                        o.flush();
                    }
                    level = next;
                }
                long proveNs = System.nanoTime() - tp;
                ProofRecord root = level.get(0);
                o.printf(
                        "prove: %d base proofs, median %.1f ms; %d merge proofs, median %.1f ms; whole block %.1f ms%n",
                        baseNs.size(), median(baseNs), mergeNs.size(), median(mergeNs), ms(proveNs));
                TreeVerifier.Result r = new TreeVerifier(keys.baseVk(), keys.mergeVk())
                        .verify(root.id(), bp.proofs().values(), TreeVerifier.Expected.of(in));
                o.printf(
                        "verify: %s (%d proofs, %d pairing, %.1f ms)%n",
                        r.valid() ? "OK" : "REJECTED: " + r.reason(), r.proofs(), r.pairings(), ms(r.nanos()));
                write(in, keys, bp, root, baseNs, mergeNs, proveNs, tSrs - t0, be.name());
                o.printf(
                        "wrote %s (manifest.json, %d proofs, verification keys, state.mv); end root %s%n",
                        out, bp.proofs().size(), Fr.hex(in.endRoot()));
                return r.valid() ? 0 : 1;
            }
        }

        /** The files a block writes into --out. */
        private static final List<String> BLOCK_FILES = List.of(
                "manifest.json", "base_verification_key.json", "merge_verification_key.json", "state.mv", "proofs");

        /** --out must be empty (or absent), unless --force: then the earlier block's files go first, so one folder holds one block. */
        private void prepareOut() throws java.io.IOException {
            if (Files.exists(out) && !Files.isDirectory(out))
                throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out + " is a file");
            if (Files.isDirectory(out)) {
                boolean empty;
                try (java.util.stream.Stream<Path> st = Files.list(out)) {
                    empty = st.findAny().isEmpty();
                }
                if (!empty && !force) {
                    throw new CommandLine.ParameterException(
                            spec.commandLine(),
                            "--out " + out + " is not empty; choose a new folder or add --force "
                                    + "to replace the block written there");
                }
                if (!empty) {
                    for (String f : BLOCK_FILES) deleteTree(out.resolve(f));
                }
            }
            Files.createDirectories(out);
        }

        private static void deleteTree(Path p) throws java.io.IOException {
            if (!Files.exists(p)) return;
            try (java.util.stream.Stream<Path> st = Files.walk(p)) {
                for (Path x : st.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(x);
            }
        }

        private void write(
                BlockInputs in,
                RollupKeys keys,
                BlockProver bp,
                ProofRecord root,
                List<Long> baseNs,
                List<Long> mergeNs,
                long proveNs,
                long srsNs,
                String backend)
                throws Exception {
            ObjectMapper m = new ObjectMapper();
            ObjectNode man = m.createObjectNode();
            man.put("format", "coprover-block/v2");
            man.put("block", in.block());
            man.put("txs", in.shape().txs());
            man.put("padded_txs", in.shape().paddedTxs());
            man.put("depth", in.depth());
            man.put("start_root", Fr.hex(in.startRoot()));
            man.put("end_root", Fr.hex(in.endRoot()));
            man.put("tx_commitment", Fr.hex(in.txCommitment()));
            man.put("fees", in.fees());
            man.put("root", root.id().hex());
            man.put("backend", backend);
            ObjectNode g = man.putObject("gates");
            g.put("base_rows", keys.baseShape.nGates);
            g.put("base_domain_power", keys.baseShape.power);
            g.put("merge_rows", keys.mergeShape.nGates);
            g.put("merge_domain_power", keys.mergeShape.power);
            ObjectNode t = man.putObject("timings_ms");
            t.put("srs", ms(srsNs));
            t.put("setup", ms(keys.setupNanos));
            t.put("base_median", median(baseNs));
            t.put("merge_median", median(mergeNs));
            t.put("block", ms(proveNs));
            ArrayNode bs = t.putArray("base"), ms = t.putArray("merge");
            baseNs.forEach(x -> bs.add(ms(x)));
            mergeNs.forEach(x -> ms.add(ms(x)));
            SnarkjsJson.write(out.resolve("base_verification_key.json"), SnarkjsJson.vkJson(keys.baseVk()));
            SnarkjsJson.write(out.resolve("merge_verification_key.json"), SnarkjsJson.vkJson(keys.mergeVk()));
            Path proofs = out.resolve("proofs");
            Files.createDirectories(proofs);
            ArrayNode list = man.putArray("proofs");
            for (ProofRecord r : bp.proofs().values()) {
                boolean merge = r.node().level() > 0;
                long[] pub = BlockFiles.publicInputs(r, bp.proofs()::get);
                list.add(BlockFiles.writeProof(proofs, r, merge ? keys.mergeVk() : keys.baseVk(), pub));
            }
            SnarkjsJson.write(out.resolve("manifest.json"), man);
        }
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description =
                    "Verifies a proved block directory (from `block prove`) with one pairing; exit 1 on rejection.")
    static final class Verify implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", description = "Directory written by `block prove`.")
        Path dir;

        @Override
        public Integer call() throws Exception {
            PrintWriter o = spec.commandLine().getOut();
            long t0 = System.nanoTime();
            JsonNode man = SnarkjsJson.readTree(dir.resolve("manifest.json"));
            VerificationKey baseVk =
                    SnarkjsJson.parseVk(SnarkjsJson.readTree(dir.resolve("base_verification_key.json")));
            VerificationKey mergeVk =
                    SnarkjsJson.parseVk(SnarkjsJson.readTree(dir.resolve("merge_verification_key.json")));
            List<ProofRecord> proofs = BlockFiles.readProofs(dir, man);
            long tLoad = System.nanoTime();
            JsonNode g = man.get("gates");
            if (g != null) {
                o.printf(
                        "circuits: base %d rows (domain 2^%d), merge %d rows (domain 2^%d), depth %d%n",
                        g.get("base_rows").asInt(),
                        baseVk.power,
                        g.get("merge_rows").asInt(),
                        mergeVk.power,
                        man.get("depth").asInt());
            }
            TreeVerifier.Expected exp = new TreeVerifier.Expected(
                    man.get("block").asLong(),
                    man.get("txs").asInt(),
                    Fr.of(new BigInteger(man.get("start_root").asText().substring(2), 16)),
                    Fr.of(new BigInteger(man.get("tx_commitment").asText().substring(2), 16)),
                    man.get("fees").asLong());
            TreeVerifier.Result r = new TreeVerifier(baseVk, mergeVk)
                    .verify(Bytes.fromHex(man.get("root").asText()), proofs, exp);
            o.printf(
                    "verify: %s (%d proofs, %d pairing); load %.1f ms, verify %.1f ms%n",
                    r.valid() ? "OK" : "REJECTED: " + r.reason(),
                    r.proofs(),
                    Math.max(r.pairings(), 0),
                    ms(tLoad - t0),
                    ms(r.nanos()));
            if (!r.valid()) return 1;
            List<String> problems = BlockFiles.checkExports(dir, man, proofs, baseVk, mergeVk);
            o.printf(
                    "snarkjs exports: %s%n",
                    problems.isEmpty()
                            ? "every proof.json, public.json and verification_key.json is its record's"
                            : "REJECTED");
            for (String p : problems) o.println("  " + p);
            if (!problems.isEmpty()) return 1;
            Path state = dir.resolve("state.mv");
            if (r.valid() && Files.exists(state)) {
                try (StateTree s = StateTree.open(state, 0)) {
                    boolean same = Fr.hex(s.root()).equals(man.get("end_root").asText());
                    ProofRecord root = proofs.stream()
                            .filter(p -> p.id().hex().equals(man.get("root").asText()))
                            .findFirst()
                            .orElseThrow();
                    boolean proved = root.outputs().endStateRoot().equals(Fr.bytes(s.root()));
                    o.printf(
                            "state.mv: root %s %s%n",
                            Fr.hex(s.root()),
                            same && proved ? "= the proved end root" : "DIFFERS from the proved end root");
                    if (!(same && proved)) return 1;
                }
            }
            return r.valid() ? 0 : 1;
        }
    }
}
