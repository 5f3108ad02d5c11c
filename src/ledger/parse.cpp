// parse_ledger: toml++ does the TOML; everything else a ledger this version did not write is
// an error with its location, because a silently repaired ledger could approve a revision
// nobody reviewed.
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <map>

#include "internal.hpp"
#include "mig_guard/common/diagnostic.hpp"
#include "mig_guard/ledger/ledger.hpp"

namespace mig_guard::ledger {

namespace {

constexpr std::array<std::string_view, 2> k_top_keys = {"version", "revision"};
constexpr std::array<std::string_view, 6> k_entry_keys = {"id",          "file",        "sha256",
                                                           "reviewed_by", "reviewed_at", "acknowledged"};

class Parser {
public:
    explicit Parser(const std::string& display_path) : m_path(display_path) {}

    Ledger parse(std::string_view text) {
        toml::table doc;
        try {
            doc = toml::parse(text, m_path);
        } catch (const toml::parse_error& e) {
            fail(e.source(), "not valid TOML: " + std::string(e.description()));
        }
        check_keys(doc, k_top_keys, "at the top level");

        Ledger ledger;
        const toml::node* version = doc.get("version");
        if (!version) fail_at(1, 1, "the ledger has no 'version' key");
        const auto* number = version->as_integer();
        if (!number) fail(version->source(), "'version' must be an integer");
        if (number->get() != detail::k_version)
            fail(version->source(),
                 "unsupported ledger version " + std::to_string(number->get()) + ": this mig-guard reads version 1",
                 number->get() > detail::k_version
                     ? "a newer mig-guard wrote this ledger: upgrade mig-guard, or " + default_help()
                     : default_help());
        ledger.version = detail::k_version;

        if (const toml::node* revisions = doc.get("revision")) {
            const auto* array = revisions->as_array();
            if (!array || (!array->empty() && !array->is_array_of_tables()))
                fail(revisions->source(), "'revision' must be a list of [[revision]] tables");
            // Entries are written sorted by id; a union merge of two branches (`merge=union` in
            // .gitattributes, which `mig-guard init` sets up) may leave them unsorted, which is
            // harmless. A duplicate id is not.
            std::map<std::string, const toml::node*> seen;
            for (const toml::node& node : *array) {
                Entry entry = parse_entry(*node.as_table());
                const toml::node& id_node = *node.as_table()->get("id");
                if (!seen.emplace(entry.id, &id_node).second) {
                    fail(id_node.source(), "duplicate revision id '" + entry.id + "'",
                         "keep one of the two [[revision]] entries with this id (the one whose sha256 matches the "
                         "file), or " + default_help());
                }
                ledger.entries.push_back(std::move(entry));
            }
            std::stable_sort(ledger.entries.begin(), ledger.entries.end(),
                             [](const Entry& a, const Entry& b) { return a.id < b.id; });
        }
        return ledger;
    }

private:
    std::string m_path;

    std::string default_help() const {
        // From HEAD, not the index: when the broken ledger is staged, `git checkout -- FILE` would
        // restore the staged bytes.
        return "restore the committed ledger in the index and the working tree (git checkout HEAD -- " + m_path +
               ") or re-record the reviews with `mig-guard review`";
    }

    [[noreturn]] void fail_at(uint32_t line, uint32_t column, const std::string& message, std::string help = {}) const {
        throw UsageError(SourceLocation{m_path, line, column}.str() + ": " + message,
                         help.empty() ? default_help() : std::move(help));
    }

    [[noreturn]] void fail(const toml::source_region& where, const std::string& message, std::string help = {}) const {
        fail_at(std::max<uint32_t>(where.begin.line, 1), std::max<uint32_t>(where.begin.column, 1), message,
                std::move(help));
    }

    template <size_t N>
    void check_keys(const toml::table& table, const std::array<std::string_view, N>& known, const char* where) const {
        // toml++ iterates keys alphabetically: report the unknown key that comes first in the file.
        const toml::key* first = nullptr;
        for (const auto& [key, value] : table) {
            if (std::find(known.begin(), known.end(), key.str()) != known.end()) continue;
            auto pos = key.source().begin;
            if (!first || pos.line < first->source().begin.line ||
                (pos.line == first->source().begin.line && pos.column < first->source().begin.column))
                first = &key;
        }
        if (first) fail(first->source(), "unknown key '" + std::string(first->str()) + "' " + where);
    }

    const toml::node& required(const toml::table& table, std::string_view key, const std::string& what) const {
        const toml::node* node = table.get(key);
        if (!node) fail(table.source(), what + " has no '" + std::string(key) + "' key");
        return *node;
    }

    std::string string_value(const toml::node& node, std::string_view key) const {
        const auto* s = node.as_string();
        if (!s) fail(node.source(), "'" + std::string(key) + "' must be a string");
        return s->get();
    }

    Entry parse_entry(const toml::table& table) const {
        check_keys(table, k_entry_keys, "in [[revision]]");
        Entry e;
        const toml::node& id = required(table, "id", "[[revision]]");
        e.id = string_value(id, "id");
        if (!detail::is_revision_id(e.id))
            fail(id.source(), "'" + e.id + "' is not a revision id (letters, digits and '_', as Alembic writes them)");
        const std::string what = "[[revision]] '" + e.id + "'";

        const toml::node& file = required(table, "file", what);
        e.file = string_value(file, "file");
        if (e.file.empty()) fail(file.source(), "'file' must not be empty");

        const toml::node& sha = required(table, "sha256", what);
        e.sha256 = string_value(sha, "sha256");
        if (!detail::is_sha256_hex(e.sha256))
            fail(sha.source(), "'sha256' of revision '" + e.id + "' is not 64 lowercase hexadecimal digits");

        e.reviewed_by = string_value(required(table, "reviewed_by", what), "reviewed_by");
        e.reviewed_at = timestamp(required(table, "reviewed_at", what));

        if (const toml::node* ack = table.get("acknowledged")) {
            const auto* array = ack->as_array();
            if (!array) fail(ack->source(), "'acknowledged' must be a list of rule codes like [\"MG402\"]");
            for (const toml::node& code_node : *array) {
                std::string code = string_value(code_node, "acknowledged");
                if (!detail::is_rule_code(code))
                    fail(code_node.source(), "'" + code + "' in 'acknowledged' is not a rule code like MG402");
                if (!e.acknowledged.empty() && e.acknowledged.back() >= code)
                    fail(code_node.source(), "'acknowledged' codes are not sorted and unique at '" + code + "'");
                e.acknowledged.push_back(std::move(code));
            }
        }
        return e;
    }

    std::string timestamp(const toml::node& node) const {
        const auto* value = node.as_date_time();
        if (!value || !value->get().offset)
            fail(node.source(), "'reviewed_at' must be a date-time with a time zone, like 2026-11-22T10:15:00Z");
        const toml::date_time& dt = value->get();
        if (dt.time.nanosecond != 0) fail(node.source(), "'reviewed_at' must have whole seconds");
        int64_t seconds = detail::days_from_civil(dt.date.year, dt.date.month, dt.date.day) * 86400 +
                          dt.time.hour * 3600 + dt.time.minute * 60 + dt.time.second - dt.offset->minutes * 60;
        std::string utc = detail::format_utc(seconds);
        if (!detail::is_timestamp(utc)) fail(node.source(), "'reviewed_at' is out of range");
        return utc;
    }
};

}  // namespace

Ledger parse_ledger(std::string_view text, const std::string& display_path) {
    return Parser(display_path).parse(text);
}

}  // namespace mig_guard::ledger
