#include "libpq.hpp"

#include <dlfcn.h>

#include <string>

#include "mig_guard/common/diagnostic.hpp"

namespace mig_guard::pg::detail {

namespace {

constexpr const char* k_soname = "libpq.so.5";

[[noreturn]] void fail(const std::string& why) {
    throw EnvironmentError("cannot load PostgreSQL's client library " + std::string(k_soname) + ": " + why,
                           "install the Debian package libpq5 (apt-get install libpq5)");
}

Libpq load() {
    // Never unloaded: sessions and servers may outlive any scope that could close it.
    void* handle = dlopen(k_soname, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        const char* err = dlerror();
        fail(err != nullptr ? err : "dlopen failed");
    }
    Libpq lib;
#define MG_LIBPQ_RESOLVE(name)                                             \
    lib.name = reinterpret_cast<decltype(lib.name)>(dlsym(handle, #name)); \
    if (lib.name == nullptr) fail("it has no function " #name);
    MG_LIBPQ_FUNCTIONS(MG_LIBPQ_RESOLVE)
#undef MG_LIBPQ_RESOLVE
    return lib;
}

}  // namespace

const Libpq& libpq() {
    // A failed load throws out of the initializer, so the next call tries again.
    static const Libpq lib = load();
    return lib;
}

}  // namespace mig_guard::pg::detail
