package io.coprover.jobs;

/** The conformance suite on the purely in-memory queue. */
class MemoryJobQueueTest extends AbstractJobQueueTest {
    @Override
    protected JobQueue openFresh() {
        return new MemoryJobQueue();
    }

    @Override
    protected JobQueue reopen(JobQueue old) {
        old.close();
        return new MemoryJobQueue();
    }

    @Override
    protected boolean persistent() {
        return false;
    }
}
