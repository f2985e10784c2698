package io.coprover.node.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.coprover.protocol.Registration;
import io.coprover.protocol.Role;
import io.coprover.protocol.vrf.VrfKeyPair;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevnetHostTest {
    /**
     * A host restarted on its journal has the same chain: height, blocks, registrations, balances
     * and the faucet's record (one payment per account), and goes on from there.
     */
    @Test
    void aRestartedHostReplaysItsChain(@TempDir Path dir) throws Exception {
        Path journal = dir.resolve("chain.journal");
        DevnetHost.Spec spec = new DevnetHost.Spec(2, 2, 6, 11);
        VrfKeyPair prover = VrfKeyPair.generate(io.coprover.protocol.vrf.Ecvrf.P256_SHA256_TAI, new SecureRandom());
        Registration reg = Registration.prover(prover, Role.BOTH);
        long height;
        BigInteger wallet;
        try (DevnetHost h = new DevnetHost(spec, journal)) {
            h.ledger().faucet(reg.signingKey());
            h.ledger().debit(reg.signingKey(), h.client().params().minProverStake());
            h.client().registerProver(reg, h.client().params().minProverStake());
            h.produceBlock(null);
            h.advance(3);
            h.produceBlock(null);
            h.advance(9);
            height = h.client().height();
            wallet = h.ledger().balance(reg.signingKey());
            assertTrue(h.conservationHolds());
        }
        try (DevnetHost h = new DevnetHost(spec, journal)) {
            assertEquals(height, h.client().height());
            assertTrue(h.client().isRegistered(reg.pk()));
            assertEquals(wallet, h.ledger().balance(reg.signingKey()));
            assertThrows(
                    IllegalStateException.class,
                    () -> h.ledger().faucet(reg.signingKey()),
                    "the faucet remembers who was paid");
            assertTrue(
                    h.client().accepted(2).isPresent() && h.client().accepted(3).isEmpty());
            assertEquals(3, h.produceBlock(null).block(), "block numbers go on");
            assertTrue(h.conservationHolds());
        }
        // a journal damaged before its last line is refused, not guessed around
        java.nio.file.Files.writeString(journal, "{oops\n" + java.nio.file.Files.readString(journal));
        assertTrue(assertThrows(IllegalStateException.class, () -> new DevnetHost(spec, journal))
                .getMessage()
                .contains("damaged"));
    }

    @Test
    void specRoundTrips() {
        DevnetHost.Spec spec = new DevnetHost.Spec(3, 8, 10, -99);
        assertEquals(spec, DevnetHost.Spec.fromJson(spec.toJson()));
    }

    @Test
    void badSpecsAreRefused() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new DevnetHost.Spec(0, 4, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> new DevnetHost.Spec(4, 0, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> new DevnetHost.Spec(4, 4, 1, 1));
        String msg = assertThrows(
                        IllegalArgumentException.class,
                        () -> DevnetHost.Spec.fromJson(new ObjectMapper().readTree("{\"depth\": 4, \"txs\": \"x\"}")))
                .getMessage();
        assertTrue(msg.contains("devnet info: missing or bad 'txs'"), msg);
    }
}
