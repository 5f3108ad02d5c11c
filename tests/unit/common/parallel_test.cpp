#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "mig_guard/common/parallel.hpp"

namespace mig_guard {
namespace {

TEST(ParallelFor, CallsEveryItemExactlyOnce) {
    std::vector<std::atomic<int>> calls(1000);
    parallel_for(calls.size(), [&](size_t i) { ++calls[i]; }, 4, 1);
    for (size_t i = 0; i < calls.size(); ++i) EXPECT_EQ(calls[i].load(), 1) << i;
}

TEST(ParallelFor, UsesSeveralThreadsForLargeInputsAndOnlyTheCallerForSmallOnes) {
    std::mutex m;
    std::set<std::thread::id> seen;
    auto record = [&](size_t) {
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        std::lock_guard<std::mutex> lock(m);
        seen.insert(std::this_thread::get_id());
    };
    parallel_for(400, record, 2, 32);
    EXPECT_EQ(seen.size(), 2u);
    seen.clear();
    parallel_for(40, record, 2, 32);  // fewer than 2 x 32 items: no second thread
    EXPECT_EQ(seen, std::set<std::thread::id>{std::this_thread::get_id()});
    seen.clear();
    parallel_for(0, record, 2, 32);
    EXPECT_TRUE(seen.empty());
}

TEST(ParallelFor, RethrowsTheLowestFailingItemsError) {
    for (int round = 0; round < 20; ++round) {
        try {
            parallel_for(500, [](size_t i) {
                if (i == 137 || i == 300 || i == 499) throw std::runtime_error("item " + std::to_string(i));
            }, 2, 1);
            FAIL() << "no exception";
        } catch (const std::runtime_error& e) {
            EXPECT_STREQ(e.what(), "item 137");
        }
    }
}

}  // namespace
}  // namespace mig_guard
