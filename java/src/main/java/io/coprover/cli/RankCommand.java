package io.coprover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coprover.protocol.Amounts;
import io.coprover.protocol.BlockDraw;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.Ppm;
import io.coprover.protocol.ProtocolParams;
import io.coprover.protocol.Ranking;
import io.coprover.protocol.RegistrySnapshot;
import io.coprover.protocol.Role;
import io.coprover.protocol.Seeds;
import io.coprover.protocol.StakingRegistry;
import io.coprover.protocol.TreeShape;
import io.coprover.protocol.VrfMode;
import io.coprover.protocol.vrf.Ecvrf;
import io.coprover.protocol.vrf.Vrf;
import io.coprover.protocol.vrf.VrfKeyPair;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code coprover rank}: the eligible provers of every node of a block, best first
 * (PROTOCOL.md §3). The provers file format is in docs/PROTOCOL.md ("Provers file").
 */
@Command(
        name = "rank",
        mixinStandardHelpOptions = true,
        description = {
            "Prints, for every node of a block's proof tree, the eligible provers ranked by score S = u(beta)·(10^6 + FEE_BURN_ppm), ties by SHA-256(pk).",
            "The provers file (JSON) lists the network settings, the sequencer and the provers; see docs/PROTOCOL.md."
        })
public final class RankCommand implements Callable<Integer> {
    private static final HexFormat HEX = HexFormat.of();
    private static final Set<String> TOP_KEYS =
            Set.of("suite", "mode", "eligible_per_node", "txs", "min_stake", "sequencer", "beta_seq", "provers");
    private static final Set<String> PROVER_KEYS = Set.of("name", "pk", "sk", "role", "fee_burn", "stake");

    @Option(
            names = "--randao",
            required = true,
            paramLabel = "HEX",
            description = "The slot's RANDAO value (32 bytes).")
    String randao;

    @Option(names = "--block", required = true, paramLabel = "N", description = "Block number.")
    long block;

    @Option(names = "--provers", required = true, paramLabel = "FILE", description = "Provers file (JSON).")
    Path provers;

    @Option(names = "--txs", paramLabel = "N", description = "Txs in the block (overrides the file; default 32).")
    Integer txs;

    @Option(
            names = "--top",
            defaultValue = "0",
            paramLabel = "K",
            description = "Show at most K provers per node (0 = all eligible).")
    int top;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        JsonNode doc = new ObjectMapper().readTree(provers.toFile());
        if (doc == null || !doc.isObject()) throw new IllegalArgumentException(provers + ": expected a JSON object");
        checkKeys(doc, TOP_KEYS, "top level");
        Vrf suite = doc.has("suite") ? Ecvrf.byName(doc.get("suite").asText()) : Ecvrf.P256_SHA256_TAI;
        VrfMode mode = doc.has("mode") ? parseMode(doc.get("mode").asText()) : VrfMode.PUBLIC;
        ProtocolParams params = ProtocolParams.defaults().withSuite(suite).withMode(mode);
        if (doc.has("eligible_per_node")) params = params.withEligiblePerNode(intField(doc, "eligible_per_node"));
        if (doc.has("min_stake")) {
            params = params.withStakes(
                    Amounts.parse(doc.get("min_stake").asText(), "min_stake"),
                    params.minSequencerStake(),
                    params.sequencerSlash());
        }
        int n = txs != null ? txs : doc.has("txs") ? intField(doc, "txs") : 32;
        TreeShape shape = TreeShape.forTxs(n);
        byte[] rnd = Bytes.parseHex(randao, "--randao");
        byte[] betaSeq = sequencerBeta(doc, params, rnd);

        List<StakingRegistry.ProverStake> stakes = new ArrayList<>();
        Map<Bytes, VrfKeyPair> keys = new HashMap<>();
        Map<Bytes, Long> burns = new HashMap<>();
        Map<Bytes, String> names = new HashMap<>();
        JsonNode ps = doc.get("provers");
        if (ps == null || !ps.isArray() || ps.isEmpty())
            throw new IllegalArgumentException(provers + ": 'provers' must be a non-empty array");
        for (int i = 0; i < ps.size(); i++) {
            JsonNode p = ps.get(i);
            String where = "provers[" + i + "]";
            checkKeys(p, PROVER_KEYS, where);
            String name = p.has("name") ? p.get("name").asText() : where;
            where = where + " (" + name + ")";
            Bytes pk = p.has("pk") ? Bytes.of(Bytes.parseHex(p.get("pk").asText(), where + ".pk")) : null;
            if (p.has("sk")) {
                VrfKeyPair k = VrfKeyPair.of(suite, Bytes.parseHex(p.get("sk").asText(), where + ".sk"));
                Bytes derived = Bytes.of(k.publicKey());
                if (pk != null && !pk.equals(derived))
                    throw new IllegalArgumentException(where + ": pk does not match sk");
                pk = derived;
                keys.put(pk, k);
            }
            if (pk == null) throw new IllegalArgumentException(where + ": needs 'pk' (or 'sk')");
            String bad = suite.validatePublicKey(pk.toArray());
            if (bad != null) throw new IllegalArgumentException(where + ": " + bad);
            if (names.containsKey(pk)) throw new IllegalArgumentException(where + ": same key as " + names.get(pk));
            if (mode == VrfMode.PRIVATE && !keys.containsKey(pk)) {
                throw new IllegalArgumentException(where + ": PRIVATE mode needs the prover's 'sk' to compute its VRF");
            }
            Role role = p.has("role") ? Role.parse(p.get("role").asText()) : Role.BOTH;
            long fb = p.has("fee_burn")
                    ? Ppm.check(
                            Ppm.parse(p.get("fee_burn").asText(), where + ".fee_burn"), Ppm.ONE, where + ".fee_burn")
                    : 0;
            BigInteger stake =
                    p.has("stake") ? Amounts.parse(p.get("stake").asText(), where + ".stake") : params.minProverStake();
            stakes.add(new StakingRegistry.ProverStake(pk, role, stake, StakingRegistry.Status.ACTIVE, 0));
            burns.put(pk, fb);
            names.put(pk, name);
        }
        RegistrySnapshot reg = RegistrySnapshot.ofProvers(params, stakes);
        BlockDraw draw = new BlockDraw(params, rnd, betaSeq, block, shape);
        List<List<Ranking.Entry>> all = mode == VrfMode.PUBLIC
                ? Ranking.rankAllPublic(draw, reg, burns::get)
                : Ranking.rankAll(draw, reg, burns::get, Ranking.BetaSource.fromKeys(mode, keys));

        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "block %d, %d txs: %d nodes (depth %d); %s, %s mode; E = %d%n",
                block, n, shape.numNodes(), shape.depth(), suite.name(), mode, params.eligiblePerNode());
        out.printf(
                "alpha_seq %s%nbeta_seq  %s%n",
                HEX.formatHex(Seeds.sequencerAlpha(rnd, block)), HEX.formatHex(betaSeq));
        for (Role r : new Role[] {Role.BASE, Role.MERGE}) {
            out.printf(
                    "%s provers: N = %d, eligible if u >= %s%n",
                    r, reg.count(r), reg.eligibility(r).threshold());
        }
        for (StakingRegistry.ProverStake p : reg.provers()) {
            String whyBase = reg.whyNotStaked(p.pk(), Role.BASE), whyMerge = reg.whyNotStaked(p.pk(), Role.MERGE);
            if (whyBase != null && whyMerge != null) {
                out.printf("not drawn: %s (%s)%n", names.get(p.pk()), p.role().covers(Role.BASE) ? whyBase : whyMerge);
            }
        }
        List<NodeId> nodes = shape.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            NodeId node = nodes.get(i);
            List<Ranking.Entry> l = all.get(i);
            out.printf(
                    "%nnode %s %s%s: %d eligible%n",
                    node, node.role(), node.equals(shape.root()) ? " (root)" : "", l.size());
            int k = 0;
            for (Iterator<Ranking.Entry> it = l.iterator(); it.hasNext() && (top == 0 || k < top); ) {
                Ranking.Entry e = it.next();
                k++;
                out.printf(
                        "  %3d  %-16s %s  u=%-20s burn=%-9s score=%s%n",
                        k,
                        names.get(e.pk()),
                        e.pk().shortHex(16),
                        Long.toUnsignedString(e.u()),
                        Ppm.format(e.feeBurnPpm()),
                        e.score());
            }
        }
        return 0;
    }

    /** beta_seq from "beta_seq" (hex), or the sequencer's key: PUBLIC SHA-256(pk ‖ alpha_seq), PRIVATE its VRF. */
    private byte[] sequencerBeta(JsonNode doc, ProtocolParams params, byte[] rnd) {
        if (doc.has("beta_seq")) return Bytes.parseHex(doc.get("beta_seq").asText(), "beta_seq");
        JsonNode s = doc.get("sequencer");
        if (s == null || !s.isObject())
            throw new IllegalArgumentException(provers + ": needs 'sequencer' {pk | sk} or 'beta_seq'");
        checkKeys(s, Set.of("pk", "sk", "name"), "sequencer");
        byte[] alpha = Seeds.sequencerAlpha(rnd, block);
        if (s.has("sk")) {
            VrfKeyPair k =
                    VrfKeyPair.of(params.suite(), Bytes.parseHex(s.get("sk").asText(), "sequencer.sk"));
            return params.mode().beta(k, alpha);
        }
        if (params.mode() == VrfMode.PRIVATE)
            throw new IllegalArgumentException("PRIVATE mode needs the sequencer's 'sk' (or 'beta_seq')");
        if (!s.has("pk")) throw new IllegalArgumentException("sequencer: needs 'pk' or 'sk'");
        byte[] pk = Bytes.parseHex(s.get("pk").asText(), "sequencer.pk");
        String bad = params.suite().validatePublicKey(pk);
        if (bad != null) throw new IllegalArgumentException("sequencer: " + bad);
        return VrfMode.publicBeta(pk, alpha);
    }

    private static VrfMode parseMode(String s) {
        try {
            return VrfMode.valueOf(s.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mode must be PUBLIC or PRIVATE, got '" + s + "'");
        }
    }

    private static int intField(JsonNode doc, String key) {
        JsonNode v = doc.get(key);
        if (!v.canConvertToInt()) throw new IllegalArgumentException("'" + key + "' must be an integer");
        return v.asInt();
    }

    private static void checkKeys(JsonNode obj, Set<String> allowed, String where) {
        if (!obj.isObject()) throw new IllegalArgumentException(where + ": expected a JSON object");
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k))
                throw new IllegalArgumentException(where + ": unknown field '" + k + "' (allowed: " + allowed + ")");
        }
    }
}
