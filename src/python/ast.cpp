#include "mig_guard/python/ast.hpp"

#include <algorithm>
#include <mutex>
#include <new>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace mig_guard::python {

namespace {

// AddressSanitizer must see every node as its own allocation to catch use after free.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool k_pooled = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool k_pooled = false;
#else
constexpr bool k_pooled = true;
#endif
#else
constexpr bool k_pooled = true;
#endif

// Node memory: bump allocation from large slabs, and a free list per size for nodes given
// back, reused by the next parse. Slabs are never returned to the system (a parse's nodes are
// reused by the next one). 2 MiB slabs, aligned, so that the kernel can back them with one
// huge page each instead of faulting 512 small ones in.
constexpr size_t k_slab_bytes = size_t{2} << 20;
constexpr size_t k_granule = 16;
constexpr size_t k_max_pooled = 1024;

struct FreeNode {
    FreeNode* next;
};

void* new_slab() {
    static std::mutex mutex;
    // Kept so that leak checkers see every slab as reachable.
    static std::vector<void*>* slabs = new std::vector<void*>();
    void* slab = nullptr;
#if defined(__linux__)
    // Twice the size, then trim to an aligned slab.
    void* raw = mmap(nullptr, 2 * k_slab_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) throw std::bad_alloc();
    auto begin = reinterpret_cast<uintptr_t>(raw);
    uintptr_t aligned = (begin + k_slab_bytes - 1) & ~(uintptr_t{k_slab_bytes} - 1);
    if (aligned > begin) munmap(raw, aligned - begin);
    uintptr_t tail = aligned + k_slab_bytes;
    if (begin + 2 * k_slab_bytes > tail) munmap(reinterpret_cast<void*>(tail), begin + 2 * k_slab_bytes - tail);
    slab = reinterpret_cast<void*>(aligned);
#ifdef MADV_HUGEPAGE
    madvise(slab, k_slab_bytes, MADV_HUGEPAGE);
#endif
#else
    slab = ::operator new(k_slab_bytes);
#endif
    std::lock_guard<std::mutex> lock(mutex);
    slabs->push_back(slab);
    return slab;
}

// One per thread: no locking on the hot path. A node freed on another thread joins that
// thread's free list, which is just as good.
struct NodePool {
    char* next = nullptr;
    char* end = nullptr;
    FreeNode* free[k_max_pooled / k_granule + 1] = {};

    void* take(size_t size) {
        size_t cls = (size + k_granule - 1) / k_granule;
        if (FreeNode* n = free[cls]) {
            free[cls] = n->next;
            return n;
        }
        size_t bytes = cls * k_granule;
        if (static_cast<size_t>(end - next) < bytes) {
            next = static_cast<char*>(new_slab());
            end = next + k_slab_bytes;
        }
        void* p = next;
        next += bytes;
        return p;
    }
    void give(void* p, size_t size) {
        size_t cls = (size + k_granule - 1) / k_granule;
        auto* n = static_cast<FreeNode*>(p);
        n->next = free[cls];
        free[cls] = n;
    }
};

thread_local NodePool t_pool;

void* pool_new(size_t size) {
    if (!k_pooled || size > k_max_pooled || size == 0) return ::operator new(size);
    return t_pool.take(size);
}

void pool_delete(void* p, size_t size) noexcept {
    if (!p) return;
    if (!k_pooled || size > k_max_pooled || size == 0) return ::operator delete(p);
    t_pool.give(p, size);
}

}  // namespace

void* Expr::operator new(std::size_t size) { return pool_new(size); }
void Expr::operator delete(void* p, std::size_t size) noexcept { pool_delete(p, size); }
void* Stmt::operator new(std::size_t size) { return pool_new(size); }
void Stmt::operator delete(void* p, std::size_t size) noexcept { pool_delete(p, size); }

const Expr* docstring(const std::vector<StmtPtr>& body) {
    if (body.empty()) return nullptr;
    const Stmt& s = *body.front();
    if (s.kind != StmtKind::Expr || !s.value || !s.value->is_str()) return nullptr;
    return s.value.get();
}

std::string dotted_name(const Expr& e) {
    // Walk the Attribute chain down to its Name, collecting attributes in reverse.
    std::vector<const std::string*> parts;
    const Expr* cur = &e;
    while (cur->kind == ExprKind::Attribute) {
        parts.push_back(&cur->name);
        cur = cur->child(0);
        if (!cur) return {};
    }
    if (cur->kind != ExprKind::Name) return {};
    std::string out = cur->name;
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
        out += '.';
        out += **it;
    }
    return out;
}

}  // namespace mig_guard::python
