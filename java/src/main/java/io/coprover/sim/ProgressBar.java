package io.coprover.sim;

import io.coprover.scheduler.JobId;
import io.coprover.scheduler.JobListener;
import io.coprover.scheduler.JobSnapshot;
import io.coprover.scheduler.JobState;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * A one-line progress bar on a terminal: the current block, jobs finished of jobs known, and the
 * phase of the most recent running job. Redrawn at most every 100 ms with a carriage return;
 * {@link #clear} erases it before normal output.
 */
public final class ProgressBar implements JobListener, Devnet.Observer {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final int blocks;
    private final Map<JobId, JobState> jobs = new HashMap<>();
    private long block;
    private String phase = "";
    private long lastDraw;
    private boolean drawn;

    public ProgressBar(PrintStream err, int blocks) {
        this.err = err;
        this.blocks = blocks;
    }

    @Override
    public synchronized void onBlockStart(long b, int index) {
        block = b;
        jobs.clear();
        phase = "election";
        draw(true);
    }

    @Override
    public synchronized void onBlock(SimResult.BlockReport report) {
        clear();
    }

    @Override
    public synchronized void onState(JobSnapshot s) {
        jobs.put(s.id(), s.state());
        draw(s.state().isFinal());
    }

    @Override
    public synchronized void onProgress(JobId id, String worker, double fraction, String ph) {
        phase = id.kind().name().toLowerCase() + " " + id.node() + " " + ph + " on " + worker;
        draw(false);
    }

    private void draw(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDraw < 100_000_000L) return;
        lastDraw = now;
        long done = jobs.values().stream().filter(JobState::isFinal).count();
        int total = jobs.size();
        int fill = total == 0 ? 0 : (int) (WIDTH * done / total);
        String line = String.format(
                "block %d/%d [%s%s] %d/%d jobs  %s",
                block, blocks, "#".repeat(fill), ".".repeat(WIDTH - fill), done, total, phase);
        if (line.length() > 100) line = line.substring(0, 100);
        err.print("\r" + line + "\u001b[K");
        err.flush();
        drawn = true;
    }

    /** Erases the bar (before printing a block's report). */
    public synchronized void clear() {
        if (!drawn) return;
        err.print("\r\u001b[K");
        err.flush();
        drawn = false;
    }
}
