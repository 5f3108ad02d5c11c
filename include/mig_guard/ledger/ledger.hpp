// The review ledger (SPEC section 8): a TOML file committed next to the migrations, written
// only by `mig-guard review`, that records who reviewed which revision, the checksum of the
// file they reviewed, and which error-level findings they acknowledged.
//
// Parsing and rendering are pure; `write_ledger` is the only I/O and replaces the file
// atomically (temporary file in the same directory, fsync, rename).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mig_guard::ledger {

struct Entry {
    std::string id;                          // revision id
    std::string file;                        // path relative to script_location, '/'-separated
    std::string sha256;                      // 64 lowercase hex digits, of the file with CRLF -> LF
    std::string reviewed_by;                 // "Name <email>"
    std::string reviewed_at;                 // RFC 3339 UTC, seconds precision: "2026-11-22T10:15:00Z"
    std::vector<std::string> acknowledged;   // rule codes, sorted, unique

    friend bool operator==(const Entry&, const Entry&) = default;
};

struct Ledger {
    int version = 1;
    std::vector<Entry> entries;  // sorted by id, ids unique

    const Entry* find(std::string_view id) const;
    // Inserts or replaces the entry with `entry.id`, keeping the order (and sorting and
    // deduplicating `entry.acknowledged`).
    void upsert(Entry entry);
    // Removes the entry with `id`; returns whether there was one.
    bool remove(std::string_view id);

    friend bool operator==(const Ledger&, const Ledger&) = default;
};

// sha256 of `content` with every CRLF replaced by LF, as 64 lowercase hex digits (OpenSSL).
std::string checksum(std::string_view content);

// Parses a ledger. `display_path` is used in errors. Throws UsageError (exit 2) with
// "path:line:col" for anything that is not a ledger this version wrote: a TOML syntax error,
// an unknown or missing key, a value of the wrong type, a malformed checksum, id or
// timestamp, a duplicate id, an unsupported version. Entries out of id order (a union merge of two branches) are accepted and sorted. The help says how to
// recover (restore it from git: `git checkout -- PATH`, or re-run `mig-guard review`).
Ledger parse_ledger(std::string_view text, const std::string& display_path);

// The file's text: the header comment, `version = 1`, then one [[revision]] table per entry
// in id order, keys in the order of SPEC section 8. Deterministic: the same ledger always
// renders to the same bytes, and parse_ledger(render_ledger(l)) == l. Throws UsageError
// instead of writing what parse_ledger would reject (a malformed value, unsorted entries,
// a string that is not UTF-8): the next command could not read it.
std::string render_ledger(const Ledger& ledger);

// Reads `path`; an absent file is an empty ledger. Throws as parse_ledger does.
Ledger read_ledger(const std::filesystem::path& path, const std::string& display_path);

// Writes `render_ledger(ledger)` to `path` atomically: a reader sees either the old file or
// the new one, never a half-written file, and a failure leaves the old file untouched.
// Throws EnvironmentError naming the path when the directory is not writable, and
// UsageError as render_ledger does.
void write_ledger(const std::filesystem::path& path, const Ledger& ledger);

// Writes `content` to `path` atomically (same guarantees as write_ledger). With
// `Overwrite::no`, fails with EnvironmentError when `path` exists (the check and the creation
// are one step: O_EXCL on the temporary file is not enough, so link(2) is used).
enum class Overwrite : uint8_t { no, yes };
void write_file_atomically(const std::filesystem::path& path, std::string_view content, Overwrite overwrite);

// What the gate needs to know about one revision against the ledger.
enum class ReviewState : uint8_t {
    reviewed,     // an entry exists and its checksum matches the file
    unreviewed,   // no entry
    changed,      // an entry exists but the file changed since (the review is void)
};
ReviewState review_state(const Ledger& ledger, std::string_view id, std::string_view content);

// The current time as reviewed_at expects it ("2026-11-22T10:15:00Z"); SOURCE_DATE_EPOCH,
// when set, is used instead of the clock (reproducible tests).
std::string now_rfc3339();

}  // namespace mig_guard::ledger
