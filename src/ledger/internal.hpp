// Value checks shared by the parser (which reports them with a location) and the renderer
// (which refuses to write a ledger the parser would reject).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mig_guard/ledger/ledger.hpp"

namespace mig_guard::ledger::detail {

inline constexpr int k_version = 1;

bool is_revision_id(std::string_view s);
bool is_sha256_hex(std::string_view s);
bool is_rule_code(std::string_view s);
bool is_utf8(std::string_view s);
// "YYYY-MM-DDTHH:MM:SSZ" naming a real calendar instant.
bool is_timestamp(std::string_view s);

// Formats seconds since the epoch (UTC) as "YYYY-MM-DDTHH:MM:SSZ".
std::string format_utc(int64_t epoch_seconds);

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);

// The first problem of an entry's values, as "key: problem", or nothing.
std::optional<std::string> entry_problem(const Entry& e);

}  // namespace mig_guard::ledger::detail
