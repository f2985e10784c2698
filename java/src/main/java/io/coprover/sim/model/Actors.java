package io.coprover.sim.model;

import io.coprover.protocol.Bytes;
import io.coprover.protocol.Role;
import io.coprover.protocol.SigningKey;
import io.coprover.protocol.vrf.VrfKeyPair;
import io.coprover.scheduler.FeeBurnPolicy;
import io.coprover.scheduler.JobKind;
import io.coprover.scheduler.NodeSelection;
import io.coprover.scheduler.Planner;
import io.coprover.scheduler.Strategy;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Who acts in a modelled run. A <em>prover</em> is a staked key with its strategy; an
 * <em>operator</em> runs devices and proves for one or more keys (its own, and an aggregator's
 * bought ones): gossip between two keys of one operator takes no time, and the report counts
 * rewards per operator (Gini, Nakamoto coefficient). A <em>sequencer</em> bids for every slot.
 */
final class Actors {
    private Actors() {}

    static final class Prover {
        final int index;
        final String name;
        final VrfKeyPair key;
        final Bytes pk;
        final long k64;
        final Role role;
        final Strategy strategy;
        int operator;
        /** FEE_BURN of its last usable proof, as others see it (0 before any). */
        volatile long lastBurn;

        /** Made on first use ({@link #signing}); volatile, so reading it once made takes no lock. */
        private volatile SigningKey signing;

        Prover(int index, String name, VrfKeyPair key, Role role, Strategy strategy) {
            this.index = index;
            this.name = name;
            this.key = key;
            this.pk = Bytes.of(key.publicKey());
            this.k64 = ModelVrf.key(key.publicKey());
            this.role = role;
            this.strategy = strategy;
        }

        /**
         * The Ed25519 key derived from the VRF key (PROTOCOL §5), made once. Asked for every record
         * signed, on several threads: a lock only until it is made (a lock each time cost about
         * 8 % of the records' thread).
         */
        SigningKey signing() {
            SigningKey s = signing;
            if (s != null) return s;
            synchronized (this) {
                if (signing == null) signing = SigningKey.derivedFrom(key);
                return signing;
            }
        }

        String label() {
            return strategy.text();
        }
    }

    static final class Operator {
        final int index;
        final Prover own;
        final List<DeviceProfiles.Profile> devices;
        /** Each device's time per job kind, by device and {@link JobKind#ordinal()} (asked at every job start). */
        final long[][] ms;

        final List<Prover> keys = new ArrayList<>();
        final Planner planner;
        final NodeSelection selection;
        final FeeBurnPolicy burn;
        /** Blocks it stays offline from now (0: online). */
        int offlineLeft;

        Operator(int index, Prover own, List<DeviceProfiles.Profile> devices, long seed, LongSupplier clockMs) {
            this.index = index;
            this.own = own;
            this.devices = List.copyOf(devices);
            this.ms = new long[devices.size()][JobKind.values().length];
            for (int d = 0; d < ms.length; d++)
                for (JobKind k : JobKind.values())
                    ms[d][k.ordinal()] = devices.get(d).ms(k);
            this.burn = own.strategy.burn().policy(seed);
            Map<JobKind, Long> est = new EnumMap<>(JobKind.class);
            for (JobKind k : JobKind.values()) {
                long best = Long.MAX_VALUE;
                for (DeviceProfiles.Profile d : devices) best = Math.min(best, d.ms(k));
                est.put(k, best);
            }
            this.selection = own.strategy.selection().build(devices.size(), est, clockMs);
            this.planner = new Planner(burn, selection);
        }

        Strategy.Traits traits() {
            return own.strategy.traits();
        }
    }

    static final class Sequencer {
        final int index;
        final String name;
        final VrfKeyPair key;
        final Bytes pk;
        final Strategy strategy;

        Sequencer(int index, String name, VrfKeyPair key, Strategy strategy) {
            this.index = index;
            this.name = name;
            this.key = key;
            this.pk = Bytes.of(key.publicKey());
            this.strategy = strategy;
        }

        BigInteger mev() {
            return strategy.traits().mev() == null
                    ? BigInteger.ZERO
                    : strategy.traits().mev();
        }

        String label() {
            return strategy.text();
        }
    }

    /** A key derived from the seed and a name, for the modelled suite: SHA-256(tag ‖ seed ‖ name). */
    static VrfKeyPair key(long seed, String name) {
        byte[] sk = Bytes.sha256(
                "coprover/sim/model-key/v1".getBytes(StandardCharsets.US_ASCII),
                ByteBuffer.allocate(8).putLong(seed).array(),
                name.getBytes(StandardCharsets.UTF_8));
        return VrfKeyPair.of(ModelVrf.SUITE, sk);
    }

    /** What {@link #hash} mixes the seed with first. */
    static final long HASH_SALT = 0x51ed270b0e1d4a3fL;

    /** A 64-bit hash of a seed and three numbers (per-link jitter, withheld sets, L1 proposers). */
    static long hash(long seed, long a, long b, long c) {
        long h = ModelVrf.mix(seed ^ HASH_SALT);
        h = ModelVrf.mix(h ^ a);
        h = ModelVrf.mix(h ^ b);
        return ModelVrf.mix(h ^ c);
    }

    /** Whether a 64-bit hash falls below a share given in ppm. */
    static boolean below(long hash, long ppm) {
        return (hash >>> 11) * 0x1p-53 < ppm / 1e6;
    }
}
