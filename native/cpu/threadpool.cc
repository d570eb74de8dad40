// Process-wide thread pool; see threadpool.h for why there is exactly one.
#include "threadpool.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "common.h"

#if defined(__linux__)
#include <sched.h>
#endif
#if defined(__x86_64__) || defined(__i386__) || defined(_M_X64)
#include <immintrin.h>
#define TL_CPU_RELAX() _mm_pause()
#else
#define TL_CPU_RELAX() std::this_thread::yield()
#endif

namespace tl {

namespace {

struct Job {
  const std::function<void(int64_t)>* fn;
  int64_t ntasks;
  std::atomic<int64_t> next{0};
  std::exception_ptr error;
  std::mutex error_mu;
};

// Set while a thread executes tasks, so that a nested parallel_for runs inline instead of deadlocking.
thread_local bool t_in_region = false;

void run_tasks(Job* j) {
  const bool prev = t_in_region;
  t_in_region = true;
  for (;;) {
    int64_t t = j->next.fetch_add(1, std::memory_order_relaxed);
    if (t >= j->ntasks) break;
    try {
      (*j->fn)(t);
    } catch (...) {
      std::lock_guard<std::mutex> g(j->error_mu);
      if (!j->error) j->error = std::current_exception();
      // Claim the remaining tasks so everyone stops early.
      j->next.store(j->ntasks, std::memory_order_relaxed);
    }
  }
  t_in_region = prev;
}

int parse_env_threads() {
  const char* s = std::getenv("TL_NUM_THREADS");
  if (!s || !*s) return 0;
  char* end = nullptr;
  long v = std::strtol(s, &end, 10);
  if (end == s || v < 1) return 0;
  return v > 1024 ? 1024 : static_cast<int>(v);
}

class Pool {
 public:
  Pool() {
    int n = parse_env_threads();
    size_ = n > 0 ? n : available_cores();
  }

  void run(int64_t ntasks, const std::function<void(int64_t)>& fn, int max_threads) {
    if (ntasks <= 0) return;
    int want = max_threads > 0 && max_threads < size_.load() ? max_threads : size_.load();
    if (want > ntasks) want = static_cast<int>(ntasks);
    if (t_in_region || want <= 1) {
      // Inline: nested region, single thread, or a single task.
      Job j;
      j.fn = &fn;
      j.ntasks = ntasks;
      run_tasks(&j);
      if (j.error) std::rethrow_exception(j.error);
      return;
    }
    // One region at a time: a second JS thread waits here (sleeping) rather than oversubscribing.
    std::lock_guard<std::mutex> region(region_mu_);
    Job j;
    j.fn = &fn;
    j.ntasks = ntasks;
    {
      std::unique_lock<std::mutex> lk(mu_);
      ensure_workers(want - 1);
      job_ = &j;
      helpers_ = want - 1;
      ++generation_;
    }
    cv_work_.notify_all();
    run_tasks(&j);
    {
      std::lock_guard<std::mutex> lk(mu_);
      // No worker may pick the job up from now on.
      job_ = nullptr;
    }
    // Wait for the workers that did. They are usually a few microseconds from done: spin first (a
    // condition-variable sleep and wake-up costs tens of microseconds, as much as a recurrent kernel's whole
    // time step), then sleep.
    const auto until = std::chrono::steady_clock::now() + kSpin;
    while (busy_.load(std::memory_order_acquire) != 0 && std::chrono::steady_clock::now() < until) {
      for (int i = 0; i < 16; i++) TL_CPU_RELAX();
    }
    if (busy_.load(std::memory_order_acquire) != 0) {
      std::unique_lock<std::mutex> lk(mu_);
      cv_done_.wait(lk, [&] { return busy_.load(std::memory_order_acquire) == 0; });
    }
    if (j.error) std::rethrow_exception(j.error);
  }

  int size() const { return size_.load(); }

  void set_size(int n) {
    if (n < 1) n = 1;
    if (n > 1024) n = 1024;
    std::lock_guard<std::mutex> region(region_mu_);
    size_ = n;  // idle extra workers just stay asleep; they are reused if the size grows again
  }

 private:
  void ensure_workers(int n) {
    while (static_cast<int>(workers_.size()) < n) {
      int id = static_cast<int>(workers_.size());
      workers_.emplace_back([this, id] { worker_main(id); });
      workers_.back().detach();
    }
  }

  void worker_main(int id) {
    uint64_t seen = 0;
    for (;;) {
      // Spin briefly before sleeping: kernels often come back to back (a layer's ops, batched products), and
      // a condition-variable wake-up costs tens of microseconds, as much as a small kernel. The spin is
      // bounded (kSpin) so idle workers do not hold cores.
      const auto until = std::chrono::steady_clock::now() + kSpin;
      while (generation_.load(std::memory_order_acquire) == seen && std::chrono::steady_clock::now() < until) {
        for (int i = 0; i < 64; i++) TL_CPU_RELAX();
      }
      std::unique_lock<std::mutex> lk(mu_);
      cv_work_.wait(lk, [&] { return job_ != nullptr && generation_.load(std::memory_order_relaxed) != seen; });
      seen = generation_.load(std::memory_order_relaxed);
      if (id >= helpers_) continue;  // this region asked for fewer threads (lk unlocks at scope end)
      Job* j = job_;
      busy_.fetch_add(1, std::memory_order_relaxed);
      lk.unlock();
      run_tasks(j);
      // The last one out wakes the caller if it went to sleep (notify under the mutex: no lost wake-up).
      if (busy_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        lk.lock();
        cv_done_.notify_all();
      }
    }
  }

  static constexpr std::chrono::microseconds kSpin{200};

  std::mutex region_mu_;
  std::mutex mu_;
  std::condition_variable cv_work_, cv_done_;
  std::vector<std::thread> workers_;
  Job* job_ = nullptr;
  std::atomic<uint64_t> generation_{0};
  int helpers_ = 0;
  std::atomic<int> busy_{0};
  std::atomic<int> size_{1};
};

Pool& pool() {
  // Leaked on purpose (see threadpool.h); function-local static init is thread-safe.
  static Pool* p = new Pool();
  return *p;
}

}  // namespace

void parallel_for(int64_t ntasks, const std::function<void(int64_t)>& fn, int max_threads) {
  pool().run(ntasks, fn, max_threads);
}

int num_threads() { return pool().size(); }

void set_num_threads(int n) { pool().set_size(n); }

int available_cores() {
#if defined(__linux__)
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    int c = CPU_COUNT(&set);
    if (c > 0) return c;
  }
#endif
  unsigned h = std::thread::hardware_concurrency();
  return h > 0 ? static_cast<int>(h) : 1;
}

float* thread_scratch(int slot, size_t n) {
  // Leaked per thread would be wrong for short-lived AsyncWorker threads; thread_local destructors free it.
  thread_local AlignedBuffer bufs[7];
  if (slot < 0 || slot >= 7) throw ArgError("thread_scratch: bad slot");
  return bufs[slot].get(n);
}

}  // namespace tl
