package io.coprover.node.net;

import io.coprover.node.ContractClient;
import io.coprover.node.InProcessContractClient;
import io.coprover.protocol.Amounts;
import io.coprover.protocol.BlockCommitment;
import io.coprover.protocol.BlockHeader;
import io.coprover.protocol.Bytes;
import io.coprover.protocol.NodeId;
import io.coprover.protocol.ProtocolParams;
import io.coprover.protocol.Registration;
import io.coprover.protocol.RewardSplit;
import io.coprover.protocol.Role;
import io.coprover.protocol.RollupContract;
import io.coprover.protocol.Score;
import io.coprover.protocol.VrfMode;
import io.coprover.protocol.vrf.VrfKeyPair;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The devnet contract over HTTP: every call and notification as the in-process client gives it; bad requests refused. */
class ContractServerTest {
    static final SecureRandom RND = new SecureRandom();

    @Test
    void remoteClientSeesWhatTheInProcessClientSees() throws Exception {
        ProtocolParams params = ProtocolParams.defaults().withMode(VrfMode.PRIVATE).withTiming(100, 5).withBlockReward(Amounts.ONE_AZT);
        RollupContract contract = new RollupContract(params, (p, lookup) -> "no proofs in this test");
        InProcessContractClient l1 = new InProcessContractClient(contract, 1);
        VrfKeyPair seq = VrfKeyPair.generate(params.suite(), RND);
        contract.stakeSequencer(Registration.sequencer(seq), params.minSequencerStake());
        try (ContractServer server = new ContractServer(l1, NetSettings.parseAddress("127.0.0.1:0"), null);
             HttpContractClient remote = new HttpContractClient(NetSettings.parseAddress("127.0.0.1:" + server.port()))) {
            assertEquals(params, remote.params());
            List<ContractClient.AcceptedBlock> accepted = new CopyOnWriteArrayList<>();
            List<ContractClient.Finalised> finalised = new CopyOnWriteArrayList<>();
            remote.subscribe(new ContractClient.Listener() {
                @Override public void onAccepted(ContractClient.AcceptedBlock b) { accepted.add(b); }
                @Override public void onFinalised(ContractClient.Finalised f) { finalised.add(f); }
            });
            VrfKeyPair proverKey = VrfKeyPair.generate(params.suite(), RND);
            Bytes pk = Bytes.of(proverKey.publicKey());
            Registration reg = Registration.prover(proverKey, Role.BASE);
            assertFalse(remote.isRegistered(pk));
            IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () -> remote.registerProver(reg, BigInteger.ONE));
            assertTrue(small.getMessage().startsWith("contract host refused POST /contract/register: "), small.getMessage());
            remote.registerProver(reg, params.minProverStake());
            assertTrue(remote.isRegistered(pk) && l1.isRegistered(pk));

            // a block: election, acceptance; the remote learns it by its event poll
            byte[] randao = new byte[32];
            new Random(1).nextBytes(randao);
            contract.openElection(1, randao);
            Bytes root = Bytes.of(Bytes.sha256("start".getBytes())), txc = Bytes.of(Bytes.sha256("txs".getBytes()));
            BlockHeader header = new BlockHeader(1, Bytes.of(seq.publicKey()), 1_000_000, 4, BigInteger.valueOf(500), root, txc);
            contract.bid(Bytes.of(seq.publicKey()), 1_000_000, Bytes.of(params.mode().draw(seq, contract.electionAlpha()).proof()), BlockCommitment.of(header));
            contract.closeElection();
            ContractClient.AcceptedBlock local = l1.acceptBlock(header);
            long end = System.currentTimeMillis() + 10_000;
            while (accepted.isEmpty() && System.currentTimeMillis() < end) Thread.sleep(10);
            assertEquals(1, accepted.size());
            ContractClient.AcceptedBlock got = accepted.get(0);
            assertEquals(local.header(), got.header());
            assertEquals(local.deadline(), got.deadline());
            assertArrayEquals(local.draw().randao(), got.draw().randao());
            assertArrayEquals(local.draw().betaSeq(), got.draw().betaSeq());
            assertArrayEquals(local.draw().alpha(new NodeId(0, 1)), got.draw().alpha(new NodeId(0, 1)));
            assertEquals(List.copyOf(local.registry().provers()), List.copyOf(got.registry().provers()));
            assertEquals(local.header(), remote.accepted(1).orElseThrow().header());
            assertEquals(1, remote.proving().size());
            assertTrue(remote.accepted(2).isEmpty());
            assertTrue(remote.leadingScore(1).isEmpty());

            // an invalid submission is an answer, not an exception
            ContractClient.SubmitResult sr = remote.submitRoot(1, root, List.of(), pk);
            assertFalse(sr.valid());
            assertEquals(l1.submitRoot(1, root, List.of(), pk).reason(), sr.reason());

            // no valid root by the deadline: dropped, the sequencer slashed; the remote sees the height move
            l1.setHeight(local.deadline() + 1);
            server.heightChanged();
            List<ContractClient.Finalised> fin = l1.tick();
            end = System.currentTimeMillis() + 10_000;
            while ((finalised.isEmpty() || remote.height() != local.deadline() + 1) && System.currentTimeMillis() < end) Thread.sleep(10);
            assertEquals(local.deadline() + 1, remote.height());
            assertEquals(fin, finalised);
            assertTrue(finalised.get(0).dropped());
            assertEquals(l1.balance(pk), remote.balance(pk));

            // bad requests are refused with a reason and change nothing
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/contract/submit")).POST(HttpRequest.BodyPublishers.ofString("{not json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode());
            assertTrue(r.body().contains("not JSON"), r.body());
            r = http.send(HttpRequest.newBuilder(URI.create(base + "/contract/submit")).POST(HttpRequest.BodyPublishers.ofString("{\"block\": 1}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode());
            assertTrue(r.body().contains("missing 'proofs'"), r.body());
            assertEquals(400, http.send(HttpRequest.newBuilder(URI.create(base + "/contract/accepted/x")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(base + "/contract/nothing")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    @Test
    void codecRoundTripsASplitAndRejectsBadFields() {
        RewardSplit.Included in = new RewardSplit.Included(Bytes.of(new byte[32]), Bytes.of(new byte[] {2, 3}), new NodeId(1, 0), 5000);
        RewardSplit split = new RewardSplit(BigInteger.TEN, 900_000, BigInteger.valueOf(9), BigInteger.ONE, BigInteger.ZERO, BigInteger.valueOf(3),
                3, List.of(new RewardSplit.Payout(in, BigInteger.valueOf(3), BigInteger.ZERO)), BigInteger.ZERO, BigInteger.valueOf(6), BigInteger.ZERO);
        ContractClient.Finalised f = new ContractClient.Finalised(4, false, Bytes.of(new byte[] {9}), new Score(1, -2), null, split, Bytes.of(new byte[] {7}),
                BigInteger.valueOf(11), null);
        assertEquals(f, ContractCodec.finalised(ContractCodec.finalised(f)));
        var o = ContractCodec.finalised(f);
        o.put("block", "four");
        assertThrows(IllegalArgumentException.class, () -> ContractCodec.finalised(o));
        var p = ContractCodec.params(ProtocolParams.defaults());
        p.put("minProverStake", "-1");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ContractCodec.params(p)).getMessage().contains("minProverStake"));
    }
}
