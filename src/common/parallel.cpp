#include "mig_guard/common/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace mig_guard {

void parallel_for(size_t count, const std::function<void(size_t)>& work, size_t max_threads, size_t min_per_thread) {
    if (max_threads == 0) max_threads = std::max(1u, std::thread::hardware_concurrency());
    size_t threads = std::min(max_threads, std::max<size_t>(1, count / std::max<size_t>(1, min_per_thread)));
    if (threads <= 1) {
        for (size_t i = 0; i < count; ++i) work(i);
        return;
    }
    std::atomic<size_t> next{0};
    std::atomic<bool> failed{false};
    // The error of the lowest item that failed, so that what is reported does not depend on timing.
    std::exception_ptr first_error;
    size_t first_index = count;
    std::mutex error_mutex;
    auto run = [&] {
        for (size_t i = next.fetch_add(1); i < count && !failed.load(std::memory_order_relaxed); i = next.fetch_add(1)) {
            try {
                work(i);
            } catch (...) {
                std::lock_guard<std::mutex> lock(error_mutex);
                if (i < first_index) {
                    first_index = i;
                    first_error = std::current_exception();
                }
                failed = true;
            }
        }
    };
    std::vector<std::jthread> pool;
    pool.reserve(threads - 1);
    for (size_t t = 1; t < threads; ++t) pool.emplace_back(run);
    run();
    pool.clear();  // joins
    if (first_error) std::rethrow_exception(first_error);
}

}  // namespace mig_guard
