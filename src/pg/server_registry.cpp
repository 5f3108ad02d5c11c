// The registry of live servers and the signal watcher that stops them.
//
// Design: the signal handler does only async-signal-safe work: it writes the signal number
// to a pipe (self-pipe). A watcher thread, started with the first registered server, blocks
// on that pipe; when a byte arrives it takes the registry lock, runs every cleanup (SIGQUIT
// to a postmaster and wait for it, remove its temporary directory, `docker rm -f`, drop
// scratch databases), restores the default disposition of the signal and re-raises it, so
// that the process ends "killed by SIGINT/SIGTERM/SIGHUP" as if no handler existed. The lock
// is held until the process dies, so a destructor racing with the watcher either ran its
// cleanup before (and the entry is gone) or blocks forever while the process ends.
// Signals that were ignored when the first server started (nohup's SIGHUP) stay ignored.
// std::exit runs the remaining cleanups through atexit. A SIGKILL cannot be caught: the
// postmaster then dies by PR_SET_PDEATHSIG, and the temporary directory is removed by the
// next start (remove_stale_temp_dirs).
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

#include "server_internal.hpp"

namespace mig_guard::pg::detail {

namespace {

constexpr int k_signals[] = {SIGINT, SIGTERM, SIGHUP};

struct Registry {
    std::mutex mutex;
    std::map<uint64_t, std::function<void()>> actions;
    uint64_t next_id = 1;
    bool watcher_started = false;
};

// Leaked on purpose: the watcher thread and atexit may use it after static destruction.
Registry& registry() {
    static auto* r = new Registry;
    return *r;
}

int g_pipe[2] = {-1, -1};

void on_signal(int sig) {
    int saved = errno;
    unsigned char byte = static_cast<unsigned char>(sig);
    [[maybe_unused]] auto n = write(g_pipe[1], &byte, 1);
    errno = saved;
}

void run_all_locked(Registry& r) {
    auto actions = std::move(r.actions);
    r.actions.clear();
    for (auto& [id, action] : actions) {
        try {
            action();
        } catch (...) {  // the remaining servers still need stopping
        }
    }
}

void watch() {
    for (;;) {
        unsigned char byte = 0;
        auto n = read(g_pipe[0], &byte, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n != 1) return;
        int sig = byte;
        auto& r = registry();
        r.mutex.lock();  // never unlocked: the process ends below
        run_all_locked(r);
        signal(sig, SIG_DFL);
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, sig);
        pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
        raise(sig);
        _exit(128 + sig);  // not reached unless the signal is blocked elsewhere
    }
}

void at_exit() {
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    run_all_locked(r);
}

// Called with the registry locked.
void start_watcher(Registry& r) {
    if (r.watcher_started) return;
    if (pipe2(g_pipe, O_CLOEXEC) != 0) return;
    // The watcher must not take the signals itself (it would then block in read while the
    // handler writes to the pipe: fine, but keep the handler on the threads that do work).
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    std::thread(watch).detach();
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    for (int sig : k_signals) {
        struct sigaction previous {};
        sigaction(sig, nullptr, &previous);
        if (previous.sa_handler == SIG_IGN) continue;
        struct sigaction action {};
        action.sa_handler = on_signal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        sigaction(sig, &action, nullptr);
    }
    std::atexit(at_exit);
    r.watcher_started = true;
}

}  // namespace

Cleanup::Cleanup(std::function<void()> action) {
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    start_watcher(r);
    m_id = r.next_id++;
    r.actions.emplace(m_id, std::move(action));
}

Cleanup::Cleanup(Cleanup&& other) noexcept : m_id(std::exchange(other.m_id, 0)) {}

Cleanup& Cleanup::operator=(Cleanup&& other) noexcept {
    if (this != &other) {
        run();
        m_id = std::exchange(other.m_id, 0);
    }
    return *this;
}

Cleanup::~Cleanup() {
    run();
}

void Cleanup::run() {
    if (m_id == 0) return;
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    auto it = r.actions.find(m_id);
    m_id = 0;
    if (it == r.actions.end()) return;
    auto action = std::move(it->second);
    r.actions.erase(it);
    try {
        action();
    } catch (...) {  // a destructor must not throw; the server is gone or going anyway
    }
}

}  // namespace mig_guard::pg::detail
