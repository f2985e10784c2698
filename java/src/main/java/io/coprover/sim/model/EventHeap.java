package io.coprover.sim.model;

import java.util.Arrays;

/**
 * A binary min-heap of events on (time, sequence number) over flat arrays, so an event is four
 * array slots and not an object: {@link EventQueue} keeps the events past its horizon here.
 * Sequence numbers are unique, so the order is total and the events come out in exactly the
 * order any correct priority queue would give.
 *
 * <p>An event's type and its two small integers are packed in one long: type in bits 56..63,
 * {@code a} in bits 24..55 and {@code b} in bits 0..23 ({@code b} is a device index, below 2^24).
 */
final class EventHeap {
    private long[] time = new long[256], seq = new long[256], tab = new long[256];
    private Object[] payload = new Object[256];
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void push(long t, long s, int type, int a, int b, Object p) {
        if (b < 0 || b >= 1 << 24) throw new IllegalArgumentException("event argument b out of range: " + b);
        if (size == time.length) grow();
        long packed = (long) type << 56 | (a & 0xffffffffL) << 24 | b;
        int i = size++;
        while (i > 0) { // sift up: move parents down into the hole
            int parent = (i - 1) >>> 1;
            if (!less(t, s, time[parent], seq[parent])) break;
            move(parent, i);
            i = parent;
        }
        set(i, t, s, packed, p);
    }

    /** The first event's time; {@link #type}, {@link #a}, {@link #b}, {@link #payload} read its other fields. */
    long time() {
        return time[0];
    }

    int type() {
        return (int) (tab[0] >>> 56);
    }

    int a() {
        return (int) (tab[0] >>> 24);
    }

    int b() {
        return (int) (tab[0] & 0xffffff);
    }

    Object payload() {
        return payload[0];
    }

    /** Removes the first event. */
    void pop() {
        int last = --size;
        long t = time[last], s = seq[last], packed = tab[last];
        Object p = payload[last];
        payload[last] = null;
        if (last == 0) return;
        int i = 0;
        while (true) { // sift down: move the smaller child up into the hole
            int c = 2 * i + 1;
            if (c >= last) break;
            if (c + 1 < last && less(time[c + 1], seq[c + 1], time[c], seq[c])) c++;
            if (!less(time[c], seq[c], t, s)) break;
            move(c, i);
            i = c;
        }
        set(i, t, s, packed, p);
    }

    private static boolean less(long t1, long s1, long t2, long s2) {
        return t1 < t2 || (t1 == t2 && s1 < s2);
    }

    private void move(int from, int to) {
        time[to] = time[from];
        seq[to] = seq[from];
        tab[to] = tab[from];
        payload[to] = payload[from];
    }

    private void set(int i, long t, long s, long packed, Object p) {
        time[i] = t;
        seq[i] = s;
        tab[i] = packed;
        payload[i] = p;
    }

    private void grow() {
        int n = time.length * 2;
        time = Arrays.copyOf(time, n);
        seq = Arrays.copyOf(seq, n);
        tab = Arrays.copyOf(tab, n);
        payload = Arrays.copyOf(payload, n);
    }
}
