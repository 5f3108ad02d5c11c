// libFuzzer entry point for the review ledger's parser. Any crash, hang or sanitizer report
// is a bug, and so is a broken invariant: an error must be a UsageError located as
// "path:line:col: ", and anything accepted must render to text that parses back to the
// same ledger and renders to the same bytes again.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mig_guard/common/diagnostic.hpp"
#include "mig_guard/ledger/ledger.hpp"

#include "fuzz_support.hpp"

namespace {

using mig_guard::fuzz::check;

const std::string k_path = "migrations/mig-guard.lock";

// "path:" then digits ":" digits ": ".
bool located(std::string_view message) {
    if (message.rfind(k_path + ":", 0) != 0) return false;
    size_t i = k_path.size() + 1;
    for (int part = 0; part < 2; ++part) {
        size_t start = i;
        while (i < message.size() && message[i] >= '0' && message[i] <= '9') ++i;
        if (i == start || message[start] == '0' || i >= message.size() || message[i] != ':') return false;
        ++i;
    }
    return i < message.size() && message[i] == ' ';
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    mig_guard::ledger::Ledger ledger;
    try {
        ledger = mig_guard::ledger::parse_ledger(text, k_path);
    } catch (const mig_guard::UsageError& e) {
        check(located(e.what()));
        check(!e.help().empty());
        return 0;
    }
    check(ledger.version == 1);
    std::string rendered = mig_guard::ledger::render_ledger(ledger);  // must not throw
    mig_guard::ledger::Ledger again = mig_guard::ledger::parse_ledger(rendered, k_path);
    check(again == ledger);
    check(mig_guard::ledger::render_ledger(again) == rendered);
    for (const auto& entry : ledger.entries) check(ledger.find(entry.id) == &entry);
    return 0;
}
