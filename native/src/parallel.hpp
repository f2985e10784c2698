/* A minimal fork-join helper: run f(task) for task in [0, tasks) on up to `threads` threads, each
 * claiming the next task index from an atomic counter (so a slow or busy core delays only its own
 * tasks). The caller is one of the threads; the others come from a pool started on first use and
 * kept for the life of the process (a transform of 2^16 makes half a dozen calls of about a
 * millisecond each, and starting threads per call left most of that work to the caller). When the
 * pool is serving another call (another caller thread, or a call from inside a task), threads are
 * started for this call alone, as before. */
#ifndef COPROVER_PARALLEL_HPP
#define COPROVER_PARALLEL_HPP

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace coprover {

namespace detail {

class Pool {
public:
    /* The process's pool: one thread fewer than the machine has (created once, never destroyed:
     * its threads wait on a condition variable and end with the process). */
    static Pool &instance() {
        static Pool *pool = new Pool(std::max(1u, std::thread::hardware_concurrency()) - 1);
        return *pool;
    }

    /* Runs body(0) on the caller and body(1..k) on up to `helpers` pool threads, k <= helpers, each
     * at most once; returns when all have returned. False, with nothing run, when the pool is busy. */
    bool run(int helpers, const std::function<void(int)> &body) {
        std::unique_lock<std::mutex> job(job_mu_, std::try_to_lock);
        if (!job.owns_lock()) return false;
        {
            std::lock_guard<std::mutex> g(mu_);
            body_ = &body;
            want_ = std::min<int>(helpers, (int)threads_.size());
            joined_ = 0;
            gen_++;
        }
        wake_.notify_all();
        body(0);
        std::unique_lock<std::mutex> g(mu_);
        want_ = joined_;  // a helper that has not joined yet no longer does
        done_.wait(g, [&] { return active_ == 0; });
        body_ = nullptr;
        return true;
    }

private:
    explicit Pool(unsigned n) {
        for (unsigned i = 0; i < n; i++) {
            try {
                threads_.emplace_back([this] { loop(); });
            } catch (...) {
                break;  // fewer helpers: callers run with those that started
            }
        }
        for (auto &t : threads_) t.detach();
    }

    void loop() {
        uint64_t seen = 0;
        std::unique_lock<std::mutex> g(mu_);
        for (;;) {
            wake_.wait(g, [&] { return gen_ != seen; });
            seen = gen_;
            if (joined_ >= want_) continue;
            const int id = ++joined_;
            active_++;
            const std::function<void(int)> *body = body_;
            g.unlock();
            (*body)(id);
            g.lock();
            if (--active_ == 0) done_.notify_all();
        }
    }

    std::mutex job_mu_;  // held by the caller whose job the pool is serving
    std::mutex mu_;
    std::condition_variable wake_, done_;
    const std::function<void(int)> *body_ = nullptr;
    uint64_t gen_ = 0;
    int want_ = 0, joined_ = 0, active_ = 0;
    std::vector<std::thread> threads_;
};

/* run(id) for id in [0, n): id 0 on the caller, the others on pool threads or, when the pool is
 * busy, on threads started for this call */
template <class W>
void fork_join(int n, W &run) {
    const std::function<void(int)> body = [&](int id) { run(id); };
    if (Pool::instance().run(n - 1, body)) return;
    std::vector<std::thread> pool;
    pool.reserve(n - 1);
    for (int i = 1; i < n; i++) {
        try {
            pool.emplace_back(run, i);
        } catch (...) {
            break;  // could not start another thread: the ones running claim every task anyway
        }
    }
    run(0);
    for (auto &th : pool) th.join();
}

}  // namespace detail

/* As parallel_for, with f(task, worker): worker < min(tasks, threads) names the thread running the
 * task, for per-thread scratch memory allocated once per call. */
template <class F>
void parallel_for_workers(int64_t tasks, int threads, F f) {
    if (tasks <= 0) return;
    int n = (int)(tasks < threads ? tasks : threads);
    if (n <= 1) {
        for (int64_t t = 0; t < tasks; t++) f(t, 0);
        return;
    }
    std::atomic<int64_t> next(0);
    auto worker = [&](int id) {
        for (int64_t t = next.fetch_add(1); t < tasks; t = next.fetch_add(1)) f(t, id);
    };
    detail::fork_join(n, worker);
}

template <class F>
void parallel_for(int64_t tasks, int threads, F f) {
    if (tasks <= 0) return;
    if (threads <= 1 || tasks == 1) {
        for (int64_t t = 0; t < tasks; t++) f(t);
        return;
    }
    int n = (int)(tasks < threads ? tasks : threads);
    std::atomic<int64_t> next(0);
    auto worker = [&](int) {
        for (int64_t t = next.fetch_add(1); t < tasks; t = next.fetch_add(1)) f(t);
    };
    detail::fork_join(n, worker);
}

/* n elements of a trivial type, not initialised: for buffers that are written before they are read
 * (a std::vector would first zero them, and touch every page to do it). */
template <class T>
std::unique_ptr<T[]> uninit(size_t n) {
    return std::unique_ptr<T[]>(new T[n]);
}

}  // namespace coprover

#endif
