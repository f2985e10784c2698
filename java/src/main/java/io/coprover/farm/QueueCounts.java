package io.coprover.farm;

/** How many jobs a queue holds in each state. */
public record QueueCounts(long queued, long running, long done, long failed) {
    public long total() {
        return queued + running + done + failed;
    }

    /** Jobs not yet final. */
    public long open() {
        return queued + running;
    }

    @Override
    public String toString() {
        return "queued " + queued + ", running " + running + ", done " + done + ", failed " + failed;
    }
}
