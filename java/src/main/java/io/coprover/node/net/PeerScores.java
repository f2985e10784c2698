package io.coprover.node.net;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A score per gossip sender, as libp2p's gossipsub keeps one: a message its node accepted adds
 * {@link #ACCEPTED} (up to {@link #CAP}), one it rejected takes {@link #REJECTED}, and scores
 * drift back towards zero by {@link #DECAY_PER_MINUTE} a minute. A sender whose score falls to
 * {@link #BAN_BELOW} is refused for {@link #BAN_MILLIS}, then starts again from zero: a peer that
 * sends junk is soon cut off, a peer that made one mistake is not.
 *
 * <p>Senders are keyed by the Ed25519 key that signed their hop ({@link HttpGossipTransport}):
 * a key is proven with each message, so one peer cannot get another blamed; the transport keeps a
 * second instance keyed by remote address. At most {@link #MAX_ENTRIES} senders are remembered,
 * the least recently seen forgotten first, so fresh keys cannot grow it without bound. Thread-safe; the clock
 * is injected (milliseconds).
 */
final class PeerScores {
    static final double ACCEPTED = 1, REJECTED = 10, CAP = 50, BAN_BELOW = -50, DECAY_PER_MINUTE = 1;
    static final long BAN_MILLIS = 10 * 60_000;
    /** Senders remembered at most (keys cost nothing): the least recently seen is forgotten first. */
    static final int MAX_ENTRIES = 1 << 16;

    private static final class Entry {
        double score;
        long at, bannedUntil;
    }

    private final LongSupplier clock;
    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> e) {
            return size() > MAX_ENTRIES;
        }
    };

    PeerScores(LongSupplier clock) {
        this.clock = clock;
    }

    private Entry entry(String sender, long now) {
        Entry e = entries.computeIfAbsent(sender, k -> {
            Entry n = new Entry();
            n.at = now;
            return n;
        });
        double minutes = (now - e.at) / 60_000.0;
        if (minutes > 0) {
            double d = DECAY_PER_MINUTE * minutes;
            e.score = e.score > 0 ? Math.max(0, e.score - d) : Math.min(0, e.score + d);
            e.at = now;
        }
        return e;
    }

    /** Records a verdict on one of {@code sender}'s messages; returns true when this verdict bans it. */
    synchronized boolean record(String sender, boolean accepted) {
        long now = clock.getAsLong();
        Entry e = entry(sender, now);
        if (e.bannedUntil > now) return false;
        e.score = accepted ? Math.min(CAP, e.score + ACCEPTED) : e.score - REJECTED;
        if (e.score <= BAN_BELOW) {
            e.bannedUntil = now + BAN_MILLIS;
            e.score = 0;
            return true;
        }
        return false;
    }

    /** Milliseconds {@code sender} stays refused, 0 if it is not. */
    synchronized long bannedFor(String sender) {
        Entry e = entries.get(sender);
        if (e == null) return 0;
        return Math.max(0, e.bannedUntil - clock.getAsLong());
    }

    synchronized double score(String sender) {
        Entry e = entries.get(sender);
        return e == null ? 0 : entry(sender, clock.getAsLong()).score;
    }
}
