package io.coprover.sim.model;

import java.util.Arrays;

/**
 * The event queue of a {@link BlockRun}, in (time, sequence number) order: a calendar of one
 * bucket per millisecond below a horizon (the block's window), each a first-in first-out list,
 * and an {@link EventHeap} for the events at or past the horizon. A block at 1000 provers and
 * 1024 txs pushes tens of thousands of events; a push or pop in the calendar is a few array
 * writes, where a heap of that size costs a dozen scattered compares and moves.
 *
 * <p>The calendar gives the heap's order because of how a discrete-event loop pushes: sequence
 * numbers increase with every push, and no event is pushed before the last one popped; so within
 * a bucket the order of arrival is the order of sequence numbers. Both are checked: a push that
 * breaks them is refused. A bit per bucket marks the non-empty ones, so finding the next event
 * skips 64 empty milliseconds per step.
 *
 * <p>An event's type and its two small integers are packed in one long: type in bits 56..63,
 * {@code a} in bits 24..55 and {@code b} in bits 0..23 ({@code b} is a device index, below 2^24).
 */
final class EventQueue {
    /** The longest calendar kept (int arrays of this many slots, twice): beyond it every event goes to the heap. */
    static final long MAX_HORIZON = 1 << 22;

    private final int horizon;
    /** Per millisecond: the first and last event there (slot numbers; 0: none). */
    private final int[] head, tail;
    /** A bit per millisecond: set when its bucket holds an event. */
    private final long[] nonEmpty;
    /** Per slot (slot 0 unused): the packed type and arguments, the payload, the next slot in its bucket or free list. */
    private long[] tab = new long[256];

    private Object[] payload = new Object[256];
    private int[] next = new int[256];
    private int used = 1, free;
    private final EventHeap late = new EventHeap();
    private int size;
    /** Time of the last event popped (no push may come before it), and the last sequence number pushed. */
    private long now = Long.MIN_VALUE, lastSeq = Long.MIN_VALUE;
    /** The calendar's first event (slot, or 0 when not known: found again from {@link #now}) and its time. */
    private int first;

    private int firstTime;

    /** A queue whose calendar covers times 0 to {@code horizon - 1} (none when past {@link #MAX_HORIZON}). */
    EventQueue(long horizon) {
        this.horizon = calendar(horizon);
        head = new int[this.horizon];
        tail = new int[this.horizon];
        nonEmpty = new long[(this.horizon + 63) >>> 6];
    }

    /**
     * This queue made ready for another block with the same horizon (its arrays kept: every block
     * empties it), or a new one when that is not the case.
     */
    EventQueue reuse(long newHorizon) {
        if (size != 0 || calendar(newHorizon) != horizon) return new EventQueue(newHorizon);
        now = Long.MIN_VALUE;
        lastSeq = Long.MIN_VALUE;
        first = 0;
        return this;
    }

    private static int calendar(long horizon) {
        return horizon < 0 || horizon > MAX_HORIZON ? 0 : (int) horizon;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /**
     * Adds an event at {@code t ≥ 0}; {@code s} must exceed every sequence number pushed before
     * (and {@code Long.MIN_VALUE}), and a time below the horizon may not precede the last event popped.
     */
    void push(long t, long s, int type, int a, int b, Object p) {
        if (b < 0 || b >= 1 << 24) throw new IllegalArgumentException("event argument b out of range: " + b);
        if (s <= lastSeq) throw new IllegalArgumentException("sequence number " + s + " after " + lastSeq);
        if (t < 0) throw new IllegalArgumentException("event at a negative time: " + t);
        lastSeq = s;
        if (t >= horizon) {
            late.push(t, s, type, a, b, p);
            size++;
            return;
        }
        if (t < now) throw new IllegalArgumentException("event at " + t + " ms pushed after one at " + now + " ms");
        int e = alloc();
        tab[e] = (long) type << 56 | (a & 0xffffffffL) << 24 | b;
        payload[e] = p;
        next[e] = 0;
        int ti = (int) t;
        if (head[ti] == 0) {
            head[ti] = e;
            nonEmpty[ti >>> 6] |= 1L << ti;
            if (first != 0 && ti < firstTime) first = 0; // an earlier bucket than the known first
        } else {
            next[tail[ti]] = e;
        }
        tail[ti] = e;
        size++;
    }

    /** The first event's time; {@link #type}, {@link #a}, {@link #b}, {@link #payload} read its other fields. */
    long time() {
        return find() != 0 ? firstTime : late.time();
    }

    int type() {
        return find() != 0 ? (int) (tab[first] >>> 56) : late.type();
    }

    int a() {
        return find() != 0 ? (int) (tab[first] >>> 24) : late.a();
    }

    int b() {
        return find() != 0 ? (int) (tab[first] & 0xffffff) : late.b();
    }

    Object payload() {
        return find() != 0 ? payload[first] : late.payload();
    }

    /** Removes the first event. */
    void pop() {
        if (size == 0) throw new IllegalStateException("no event to pop");
        int e = find();
        size--;
        if (e == 0) {
            now = Math.max(now, late.time());
            late.pop();
            return;
        }
        int t = firstTime;
        now = t;
        int n = next[e];
        head[t] = n;
        if (n == 0) nonEmpty[t >>> 6] &= ~(1L << t);
        payload[e] = null;
        next[e] = free;
        free = e;
        first = n; // the next in the same bucket, or 0: found from now on the next call
    }

    /** The calendar's first event (its slot, with its time in {@link #firstTime}), or 0 when the calendar is empty. */
    private int find() {
        if (first != 0) return first;
        if (size == late.size()) return 0;
        int from = (int) Math.max(now, 0);
        int w = from >>> 6;
        long bits = nonEmpty[w] & (-1L << from);
        while (bits == 0) bits = nonEmpty[++w]; // not empty: some bucket at or after now holds an event
        firstTime = (w << 6) + Long.numberOfTrailingZeros(bits);
        return first = head[firstTime];
    }

    private int alloc() {
        if (free != 0) {
            int e = free;
            free = next[e];
            return e;
        }
        if (used == tab.length) {
            int n = tab.length * 2;
            tab = Arrays.copyOf(tab, n);
            payload = Arrays.copyOf(payload, n);
            next = Arrays.copyOf(next, n);
        }
        return used++;
    }
}
