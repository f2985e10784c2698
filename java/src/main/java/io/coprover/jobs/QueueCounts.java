package io.coprover.jobs;

/** How many jobs a queue holds in each state. */
public record QueueCounts(long queued, long running, long done, long failed, long cancelled, long expired) {
    /** Counts of a queue whose jobs were never cancelled or expired. */
    public QueueCounts(long queued, long running, long done, long failed) {
        this(queued, running, done, failed, 0, 0);
    }

    /** From counts indexed by {@link JobState#ordinal()}. */
    static QueueCounts of(long[] n) {
        return new QueueCounts(n[0], n[1], n[2], n[3], n[4], n[5]);
    }

    public long total() {
        return queued + running + done + failed + cancelled + expired;
    }

    /** Jobs not yet final. */
    public long open() {
        return queued + running;
    }

    @Override
    public String toString() {
        return "queued " + queued + ", running " + running + ", done " + done + ", failed " + failed
                + (cancelled + expired > 0 ? ", cancelled " + cancelled + ", expired " + expired : "");
    }
}
