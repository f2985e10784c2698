package io.coprover.sim.model;

import static org.junit.jupiter.api.Assertions.*;

import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProofRecord;
import io.coprover.protocol.ProtocolParams;
import io.coprover.protocol.PublicOutputs;
import io.coprover.protocol.RecordSignatures;
import io.coprover.protocol.SigningKey;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Modelled runs, small: value conserved, reproducible, and what each agent can and cannot get. */
class ModelNetTest {
    static ModelConfig config(String... settings) {
        ModelParams p = new ModelParams(ModelConfig.defaults())
                .set("provers", "24")
                .set("txs", "16")
                .set("blocks", "6")
                .set("window", "12");
        for (int i = 0; i < settings.length; i += 2) p.set(settings[i], settings[i + 1]);
        return p.build();
    }

    static List<ModelStats.Line> lines = new ArrayList<>();

    static ModelNet.Result run(ModelNet net) {
        lines = new ArrayList<>();
        return net.run(lines::add);
    }

    @Test
    void honestProversFinaliseEveryBlockAndTheSameSeedGivesTheSameBlocks() {
        ModelNet net = new ModelNet(config(), DeviceProfiles.defaults());
        ModelNet.Result a = run(net);
        assertTrue(
                net.contract.blocks().size() <= ModelNet.KEEP_FINISHED,
                "the contract forgets finished blocks: " + net.contract.blocks());
        List<ModelStats.Line> first = lines;
        assertTrue(a.conserved());
        assertEquals(6, a.summary().finalised());
        for (ModelStats.Line l : first) {
            assertTrue(
                    l.proofsIncluded() > 0 && l.proofsIncluded() <= 3 * 15,
                    "block " + l.block() + ": " + l.proofsIncluded());
            assertTrue(l.firstRootMs() > 0);
            assertEquals(0, l.unusable());
        }
        run(new ModelNet(config(), DeviceProfiles.defaults()));
        assertEquals(first, lines);
    }

    /**
     * Every link's latency is the gossip latency plus its jitter, {@code Actors.hash(seed, a, b, 3)}
     * mod (jitter + 1), from operators and from sequencers, 0 to oneself: the event loop's
     * per-operator shortcut gives the model's values, within the bounds the loop relies on.
     */
    @Test
    void aLinksLatencyIsTheGossipLatencyPlusItsHashedJitter() {
        for (String[] gj : new String[][] {{"40", "0"}, {"100", "100"}, {"300", "300"}}) {
            ModelConfig cfg = config("provers", "37", "sequencers", "3", "gossip-ms", gj[0], "jitter-ms", gj[1]);
            ModelNet net = new ModelNet(cfg, DeviceProfiles.defaults());
            long gossip = cfg.gossipMs(), jitter = cfg.jitterMs();
            Set<Long> seen = new HashSet<>();
            int n = net.operators.size();
            for (int a = -net.sequencers.size(); a < n; a++) {
                for (int b = 0; b < n; b++) {
                    long want = a == b ? 0 : gossip + Math.floorMod(Actors.hash(cfg.seed(), a, b, 3), jitter + 1);
                    long got = net.latency(a, b);
                    assertEquals(want, got, "link " + a + " -> " + b);
                    if (a != b) {
                        assertTrue(got >= gossip && got <= gossip + jitter, "link " + a + " -> " + b + ": " + got);
                        seen.add(got);
                    }
                }
            }
            // the jitter varies per link (not one value for all) when there is any
            assertEquals(jitter == 0, seen.size() == 1, "distinct latencies " + seen.size());
        }
    }

    @Test
    void aDeviceRunsOneJobAtATimeWhenJobsEndAsProofsArrive() throws Exception {
        // gossip without jitter, jobs of whole multiples of it, two devices per prover: a check
        // for an arriving proof and the end of a job fall on the same millisecond again and again
        Path profiles = writeProfiles("{\"tick\": {\"depth\": 32, \"baseMs\": 400, \"mergeMs\": 100}}");
        ModelNet net = new ModelNet(
                config("gossip-ms", "100", "jitter-ms", "0", "devices", "tick+tick;tick", "provers", "40", "txs", "32"),
                DeviceProfiles.load(profiles));
        Map<String, Long> busyUntil = new HashMap<>();
        List<String> overlaps = new ArrayList<>();
        int[] jobs = {0};
        net.jobLog = (block, op, dev, start, end) -> {
            jobs[0]++;
            String key = block + "/" + op + "/" + dev;
            Long b = busyUntil.get(key);
            if (b != null && b > start && overlaps.size() < 5)
                overlaps.add("block " + block + ", operator " + op + ", device " + dev + ": a job at " + start
                        + " ms while one runs until " + b + " ms");
            busyUntil.put(key, end);
        };
        assertTrue(run(net).conserved());
        assertTrue(jobs[0] > 100, "jobs started: " + jobs[0]);
        assertEquals(List.of(), overlaps);
    }

    private static Path writeProfiles(String json) {
        try {
            Path f = Files.createTempFile("profiles", ".json");
            f.toFile().deleteOnExit();
            Files.writeString(f, json);
            return f;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aKeyGrinderGetsNothing() {
        ModelNet net = new ModelNet(
                config("strategies", "fixed:0%/all*23;fixed:0%/all/grinder:32*1"), DeviceProfiles.defaults());
        ModelNet.Result r = run(net);
        assertTrue(r.conserved());
        assertEquals(6, r.summary().groundKeys());
        int refused = lines.stream().mapToInt(ModelStats.Line::unusable).sum();
        assertTrue(refused > 0, "the ground keys proved nothing the network took");
        // every balance the contract paid is a registered prover's or sequencer's: no ground key earned anything
        Set<Bytes> known = new HashSet<>();
        net.provers.forEach(p -> known.add(p.pk));
        net.sequencers.forEach(s -> known.add(s.pk));
        for (Bytes b : net.contract.balances().keySet()) assertTrue(known.contains(b), "a ground key was paid");
        // and the keys left: stakes are withdrawn after the delay, so none is active in the registry
        assertEquals(24, net.contract.registry().snapshot().count(io.coprover.protocol.Role.BASE));
    }

    @Test
    void anL1ProposerCanTakeOnlyTheRebate() {
        ModelNet.Result r = run(new ModelNet(
                config("strategies", "fixed:0%/all*23;fixed:0%/all/l1:100%*1"), DeviceProfiles.defaults()));
        assertTrue(r.conserved());
        assertTrue(r.summary().forgedRejected() > 0, "its re-bid roots were refused");
        ModelStats.AgentSummary l1 = r.summary().agents().get("fixed:0%/all/l1:100%");
        assertTrue(new BigInteger(l1.rebate()).signum() > 0, "it front-ran submissions for their rebate");
        for (ModelStats.Line l : lines) assertEquals("fixed:0%/all/l1:100%", l.submitterType(), "block " + l.block());
    }

    @Test
    void aSequencerWithholdingFromEveryoneLeavesNothingToProve() {
        ModelNet.Result r = run(
                new ModelNet(config("sequencer-strategies", "bid:60%-100%/withhold:100%"), DeviceProfiles.defaults()));
        assertTrue(r.conserved());
        assertEquals(6, r.summary().dropped());
        for (ModelStats.Line l : lines) assertEquals(0, l.proofsIncluded());
    }

    @Test
    void anAggregatorProvesTheSlotsItBoughtAndPaysTheSellers() {
        ModelNet.Result r = run(new ModelNet(
                config("strategies", "fixed:0%/all*12;fixed:0%/all/aggregator*1;fixed:10%/all/sells:50%"),
                DeviceProfiles.defaults()));
        assertTrue(r.conserved());
        ModelStats.AgentSummary agg = r.summary().agents().get("fixed:0%/all/aggregator"),
                sellers = r.summary().agents().get("fixed:10%/all/sells:50%");
        assertEquals(11, sellers.provers());
        assertEquals(0, sellers.made(), "sellers prove nothing themselves");
        assertTrue(new BigInteger(sellers.reward()).signum() > 0, "they are paid their price");
        assertTrue(agg.made() > 0);
        assertTrue(r.summary().operators() == 13, "sellers' keys are the aggregator's operator");
    }

    @Test
    void eligibilityWidensWhenFewAreEligible() {
        ModelNet.Result r =
                run(new ModelNet(config("provers", "6", "eligible", "1", "window", "32"), DeviceProfiles.defaults()));
        assertTrue(r.conserved());
        assertTrue(lines.stream().anyMatch(l -> l.widenedTo() > 0), "some block needed a wider round");
        assertEquals(6, r.summary().finalised());
    }

    @Test
    void theModelledVrfVerifiesWhatItDraws() {
        io.coprover.protocol.vrf.VrfKeyPair k = Actors.key(1, "x");
        byte[] alpha = Bytes.sha256(new byte[] {1});
        byte[] pi = k.prove(alpha);
        assertTrue(ModelVrf.SUITE.verify(k.publicKey(), alpha, pi).valid());
        assertEquals(io.coprover.protocol.Seeds.u(pi), ModelVrf.u(ModelVrf.key(k.publicKey()), ModelVrf.words(alpha)));
        pi[3] ^= 1;
        assertFalse(ModelVrf.SUITE.verify(k.publicKey(), alpha, pi).valid());
        assertFalse(ModelVrf.SUITE
                .verify(Actors.key(1, "y").publicKey(), alpha, k.prove(alpha))
                .valid());
    }

    /**
     * The modelled draw u = mix(k xor A) behaves like independent uniform draws where the protocol
     * looks: about E of N keys eligible per node, and a key's count over the nodes binomial (a
     * draw that depended on the key alone, or on the node alone, would give counts of 0 or M).
     * Fixed keys and alphas: the figures are the same on every run.
     */
    @Test
    void modelledDrawsMakeAboutEEligiblePerNodeIndependentlyPerKey() {
        int n = 1000, m = 1023, e = 8;
        io.coprover.protocol.Eligibility el = io.coprover.protocol.Eligibility.of(e, n);
        long[] keys = new long[n];
        for (int j = 0; j < n; j++)
            keys[j] = ModelVrf.key(Actors.key(3, "k" + j).publicKey());
        int[] perKey = new int[n];
        long total = 0;
        for (int i = 0; i < m; i++) {
            long a = ModelVrf.fold(ModelVrf.words(Bytes.sha256(new byte[] {(byte) i, (byte) (i >> 8)})));
            for (int j = 0; j < n; j++) {
                if (el.test(ModelVrf.u(keys[j], a))) {
                    perKey[j]++;
                    total++;
                }
            }
        }
        double perNode = (double) total / m, p = (double) e / n;
        assertEquals(e, perNode, 0.5, "eligible per node");
        double mean = (double) total / n, var = 0;
        for (int c : perKey) var += (c - mean) * (c - mean);
        var /= n - 1;
        double binomial = m * p * (1 - p); // about 8.1
        assertEquals(binomial, var, 2.0, "variance of a key's eligible count over the nodes");
    }

    @Test
    void ed25519AndModelledSignaturesGiveTheSameBlocks() {
        // signatures decide nothing in an honest run but what the contract accepts: both schemes must agree
        run(new ModelNet(config("strategies", "fixed:0%/all*23;fixed:0%/all/l1:50%*1"), DeviceProfiles.defaults()));
        List<ModelStats.Line> modelled = lines;
        ModelNet.Result r = run(new ModelNet(
                config("strategies", "fixed:0%/all*23;fixed:0%/all/l1:50%*1", "signatures", "ed25519"),
                DeviceProfiles.defaults()));
        assertEquals("Ed25519", r.config().recordSignatures().name());
        assertEquals(modelled, lines);
        assertTrue(r.summary().forgedRejected() > 0, "the re-bid roots were refused under both schemes");
    }

    @Test
    void theModelledSignatureBindsKeyAndContentAndNoNetworkTakesIt() {
        SigningKey a = SigningKey.fromSeed(Bytes.sha256(new byte[] {1})),
                b = SigningKey.fromSeed(Bytes.sha256(new byte[] {2}));
        byte[] m = Bytes.sha256(new byte[] {3});
        byte[] sig = ModelSignatures.SCHEME.sign(a, m);
        assertEquals(64, sig.length);
        assertTrue(ModelSignatures.SCHEME.verify(a.publicKey(), m, sig));
        assertFalse(ModelSignatures.SCHEME.verify(b.publicKey(), m, sig), "another key");
        byte[] m2 = m.clone();
        m2[31] ^= 1;
        assertFalse(ModelSignatures.SCHEME.verify(a.publicKey(), m2, sig), "another message");
        byte[] s2 = sig.clone();
        s2[63] ^= 1;
        assertFalse(ModelSignatures.SCHEME.verify(a.publicKey(), m, s2), "a flipped bit");
        assertFalse(ModelSignatures.SCHEME.verify(a.publicKey(), m, new byte[63]), "a short signature");

        // a record signed in the model: valid there, never under Ed25519 (what every real network uses),
        // whichever scheme checks it first (the record remembers its verdict per scheme)
        ProofRecord r = new ProofRecord(
                1,
                new NodeId(0, 0),
                a.publicKey(),
                Bytes.of(new byte[0]),
                0,
                new PublicOutputs(
                        Bytes.of(new byte[32]), Bytes.of(new byte[32]), Bytes.of(new byte[32]), BigInteger.ONE),
                List.of(),
                Bytes.of(new byte[16]));
        ProofRecord modelled = r.signedBy(a, ModelSignatures.SCHEME);
        assertTrue(modelled.signatureValid(ModelSignatures.SCHEME));
        assertFalse(modelled.signatureValid());
        assertFalse(modelled.signatureValid(RecordSignatures.ED25519));
        assertTrue(modelled.signatureValid(ModelSignatures.SCHEME));
        ProofRecord real = r.signedBy(a);
        assertTrue(real.signatureValid());
        assertFalse(real.signatureValid(ModelSignatures.SCHEME));
        assertEquals(RecordSignatures.ED25519, ProtocolParams.defaults().signatures());
        // a network's parameters arrive by name: only Ed25519 is a name a peer can give
        assertSame(RecordSignatures.ED25519, RecordSignatures.byName("Ed25519"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> RecordSignatures.byName(ModelSignatures.SCHEME.name()));
        assertTrue(e.getMessage().contains("Ed25519"), e.getMessage());
    }
}
