package io.coprover.jobs;

/** Worker reliability over the in-process queue. */
class MemoryJobWorkerTest extends AbstractJobWorkerTest {
    @Override
    protected JobQueue openFresh() {
        return new MemoryJobQueue();
    }
}
