// Runs independent work items on a few threads (SPEC 11's budgets are for a 2-core machine, and
// reading 2,000 revision files is 2,000 independent parses). When items throw, no new item starts
// and the exception of the lowest failing item is rethrown on the calling thread once every
// worker has stopped.
#pragma once

#include <cstddef>
#include <functional>

namespace mig_guard {

// Calls `work(i)` once for every i in [0, count), on up to `max_threads` threads (the calling
// thread is one of them; 0 means one per hardware thread). Below `min_per_thread` items per
// thread it uses fewer threads, so small inputs pay nothing for the pool. Items are taken in
// increasing order; `work` must not depend on the order in which items finish.
void parallel_for(size_t count, const std::function<void(size_t)>& work, size_t max_threads = 0,
                  size_t min_per_thread = 32);

}  // namespace mig_guard
