package io.coprover.scheduler;

import static org.junit.jupiter.api.Assertions.*;

import io.coprover.protocol.Amounts;
import io.coprover.protocol.VrfMode;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one strategy grammar: the node config's and the simulator's spellings, the agents, and bad input. */
class StrategyGrammarTest {

    @Test
    void proverStrategiesInBothSpellings() {
        Strategy a = Strategy.parse("fixed:10%/topk");
        assertFalse(a.sequencer());
        assertEquals(new Strategy.Burn("fixed", 100_000, 0, null), a.burn());
        assertTrue(a.selection().topk() && !a.selection().capacity());
        assertFalse(a.traits().any());
        // node config spelling: bare ppm, LO:HI:SEED, "top"
        Strategy n = Strategy.prover(
                "random:0:50000:7", "capacity:top", Map.of(JobKind.BASE, 2L, JobKind.MERGE, 3L, JobKind.ROOT, 4L));
        assertEquals(new Strategy.Burn("random", 0, 50_000, 7L), n.burn());
        assertTrue(n.selection().topk() && n.selection().capacity());
        assertEquals(4L, n.estimate().get(JobKind.ROOT));
        assertEquals(
                Strategy.parse("random:0%-5%/capacity:topk").burn().lo(),
                n.burn().lo());
        assertEquals(50_000, Strategy.parse("random:0%-5%/all").burn().hi());
        assertEquals(2, Strategy.parse("fixed:5%/capacity:2").selection().slots());
        assertEquals(
                "minimal",
                Strategy.parse("minimal/all").checkMode(VrfMode.PUBLIC).burn().kind());
        // a policy built from a parsed strategy is the scheduler's own
        assertEquals(
                250_000,
                Strategy.parse("fixed:25%/all")
                        .feeBurnPolicy()
                        .feeBurn(null, null)
                        .getAsLong());
    }

    @Test
    void everyAgentIsANamedStrategy() {
        Strategy.Traits t = Strategy.parse("fixed:0%/all/offline:5%x20/l1:10%").traits();
        assertEquals(50_000, t.offlinePpm());
        assertEquals(20, t.offlineBlocks());
        assertEquals(100_000, t.l1Ppm());
        assertEquals(500_000, Strategy.parse("fixed:10%/all/sells:50%").traits().sellsPpm());
        assertTrue(Strategy.parse("fixed:0%/all/aggregator").traits().aggregator());
        assertTrue(Strategy.parse("fixed:0%/all/colludes").traits().colludes());
        assertEquals(64, Strategy.parse("fixed:0%/all/grinder:64").traits().grinderKeys());
        Strategy mev = Strategy.parse("bid:150%-300%/mev:0.5");
        assertTrue(mev.sequencer());
        assertEquals(1_500_000, mev.bidLo());
        assertEquals(3_000_000, mev.bidHi());
        assertEquals(Amounts.ONE_AZT.divide(BigInteger.TWO), mev.traits().mev());
        assertEquals(
                200_000, Strategy.parse("bid:60%-100%/withhold:20%").traits().withholdPpm());
        assertTrue(Strategy.parse("bid:60%-100%/colludes").traits().colludes());
        assertFalse(Strategy.parse("bid:60%-100%").traits().any());
    }

    @Test
    void badStrategiesSayWhatIsWrong() {
        assertMessage("fixed:10%", "expected BURN/SELECTION");
        assertMessage("burn/all", "unknown FEE_BURN policy 'burn'");
        assertMessage("fixed:200%/all", "FEE_BURN exceeds its maximum");
        assertMessage("fixed:10%/most", "unknown node choice 'most'");
        assertMessage("random:30%-10%/all", "low FEE_BURN above high");
        assertMessage("fixed:0%/all/withhold:5%", "'withhold:5%' is a sequencer term");
        assertMessage("bid:60%-100%/aggregator", "'aggregator' is a prover term");
        assertMessage("fixed:0%/all/offline:5%", "offline needs P%xB");
        assertMessage("fixed:0%/all/grinder:0", "must be a whole number in 1..1000000");
        assertMessage("fixed:0%/all/teleport", "unknown term 'teleport'");
        assertMessage("fixed:0%/all/aggregator/sells:10%", "an aggregator does not sell");
        assertMessage("fixed:5%/capacity:0", "capacity:N needs N");
        assertMessage("bid:60%", "bid needs LO-HI");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Strategy.parse("minimal/all").checkMode(VrfMode.PRIVATE));
        assertTrue(e.getMessage().contains("needs VRF mode PUBLIC"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Strategy.prover("fixed:0", "capacity:all", Map.of()));
        assertTrue(e.getMessage().contains("needs a positive estimate for base"), e.getMessage());
    }

    private static void assertMessage(String text, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Strategy.parse(text));
        assertTrue(e.getMessage().contains(part), text + ": " + e.getMessage());
    }
}
