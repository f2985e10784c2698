/* A minimal fork-join helper over std::thread: run f(task) for task in [0, tasks) on up to
 * `threads` threads, each claiming the next task index from an atomic counter (so a slow or busy
 * core delays only its own tasks). Threads are created per call: every caller here does at least
 * milliseconds of work per call, against tens of microseconds to start a thread. */
#ifndef COPROVER_PARALLEL_HPP
#define COPROVER_PARALLEL_HPP

#include <atomic>
#include <thread>
#include <vector>

namespace coprover {

template <class F>
void parallel_for(int64_t tasks, int threads, F f) {
    if (tasks <= 0) return;
    if (threads <= 1 || tasks == 1) {
        for (int64_t t = 0; t < tasks; t++) f(t);
        return;
    }
    int n = (int)(tasks < threads ? tasks : threads);
    std::atomic<int64_t> next(0);
    auto worker = [&]() {
        for (int64_t t = next.fetch_add(1); t < tasks; t = next.fetch_add(1)) f(t);
    };
    std::vector<std::thread> pool;
    pool.reserve(n - 1);
    for (int i = 1; i < n; i++) {
        try {
            pool.emplace_back(worker);
        } catch (...) {
            break;  // could not start another thread: the ones running claim every task anyway
        }
    }
    worker();
    for (auto &th : pool) th.join();
}

}  // namespace coprover

#endif
