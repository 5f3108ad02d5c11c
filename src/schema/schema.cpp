#include "mig_guard/schema/schema.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>

#include "mig_guard/schema/ops.hpp"

namespace mig_guard::schema {

namespace {

// Length in characters, as Python's len() counts a str.
size_t utf8_length(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::string utf8_prefix(std::string_view s, size_t chars) {
    size_t i = 0, n = 0;
    while (i < s.size()) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (n == chars) break;
            ++n;
        }
        ++i;
    }
    return std::string(s.substr(0, i));
}

// RFC 1321 MD5, for SQLAlchemy's truncated convention names.
std::string md5_hex(std::string_view input) {
    static constexpr std::array<uint32_t, 64> k = [] {
        std::array<uint32_t, 64> t{};
        const uint32_t v[64] = {
            0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613,
            0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193,
            0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d,
            0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
            0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122,
            0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
            0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244,
            0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
            0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
            0xeb86d391};
        for (int i = 0; i < 64; ++i) t[i] = v[i];
        return t;
    }();
    static constexpr int r[64] = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                                  5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
                                  4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                                  6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};
    std::string msg(input);
    uint64_t bit_len = static_cast<uint64_t>(msg.size()) * 8;
    msg += static_cast<char>(0x80);
    while (msg.size() % 64 != 56) msg += '\0';
    for (int i = 0; i < 8; ++i) msg += static_cast<char>((bit_len >> (8 * i)) & 0xff);
    uint32_t h[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
    for (size_t off = 0; off < msg.size(); off += 64) {
        uint32_t w[16];
        for (int i = 0; i < 16; ++i) {
            w[i] = 0;
            for (int b = 0; b < 4; ++b)
                w[i] |= static_cast<uint32_t>(static_cast<unsigned char>(msg[off + i * 4 + b])) << (8 * b);
        }
        uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
        for (int i = 0; i < 64; ++i) {
            uint32_t f;
            int g;
            if (i < 16) { f = (b & c) | (~b & d); g = i; }
            else if (i < 32) { f = (d & b) | (~d & c); g = (5 * i + 1) % 16; }
            else if (i < 48) { f = b ^ c ^ d; g = (3 * i + 5) % 16; }
            else { f = c ^ (b | ~d); g = (7 * i) % 16; }
            uint32_t tmp = d;
            d = c;
            c = b;
            uint32_t x = a + f + k[i] + w[g];
            b = b + ((x << r[i]) | (x >> (32 - r[i])));
            a = tmp;
        }
        h[0] += a; h[1] += b; h[2] += c; h[3] += d;
    }
    std::string out;
    char buf[3];
    for (uint32_t v : h)
        for (int b = 0; b < 4; ++b) {
            std::snprintf(buf, sizeof buf, "%02x", (v >> (8 * b)) & 0xff);
            out += buf;
        }
    return out;
}

}  // namespace

constexpr size_t k_max_identifier_length = 63;  // PostgreSQL's NAMEDATALEN - 1

std::string compiled_name(const Name& name) {
    if (!name.conv || utf8_length(name.value) <= k_max_identifier_length) return name.value;
    std::string hash = md5_hex(name.value);
    return utf8_prefix(name.value, k_max_identifier_length - 8) + "_" + hash.substr(hash.size() - 4);
}

std::string final_name(const Name& name) {
    std::string out = compiled_name(name);
    // SQLAlchemy counts characters, PostgreSQL bytes: it clips to whole characters (pg_mbcliplen).
    if (out.size() > k_max_identifier_length) {
        size_t len = k_max_identifier_length;
        while (len > 0 && (static_cast<unsigned char>(out[len]) & 0xC0) == 0x80) --len;
        out.resize(len);
    }
    return out;
}

bool SqlType::same_as(const SqlType& other) const {
    if (!sql.empty() || !other.sql.empty()) return sql == other.sql;
    return python == other.python;
}

std::string ServerDefault::to_sql() const {
    if (kind == Kind::sql) return text;
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') out += '\'';
        out += c;
    }
    out += '\'';
    return out;
}

const Column* Table::find_column(std::string_view n) const {
    for (const auto& c : columns)
        if (c.name == n) return &c;
    return nullptr;
}

Column* Table::find_column(std::string_view n) {
    return const_cast<Column*>(static_cast<const Table*>(this)->find_column(n));
}

std::string Table::qualified_name() const { return schema.empty() ? name : schema + "." + name; }

const Table* Schema::find_table(std::string_view n, std::string_view s) const {
    for (const auto& t : tables)
        if (t.name == n && t.schema == s) return &t;
    return nullptr;
}

Table* Schema::find_table(std::string_view n, std::string_view s) {
    return const_cast<Table*>(static_cast<const Schema*>(this)->find_table(n, s));
}

const EnumType* Schema::find_enum(std::string_view n, std::string_view s) const {
    for (const auto& e : enums)
        if (e.name == n && e.schema == s) return &e;
    return nullptr;
}

EnumType* Schema::find_enum(std::string_view n, std::string_view s) {
    return const_cast<EnumType*>(static_cast<const Schema*>(this)->find_enum(n, s));
}

// SQLAlchemy's sort_tables (sqlalchemy.util.topological.sort_as_subsets): the input is sorted
// by name, then emitted in levels; each level is every remaining table whose dependencies are
// all emitted, in name order. Self-references are ignored. A cycle emits its members in name
// order once nothing else is ready (SQLAlchemy warns there and breaks the cycle with ALTER).
std::vector<const Table*> sorted_tables(const Schema& schema) {
    std::vector<const Table*> todo;
    for (const auto& t : schema.tables) todo.push_back(&t);
    std::sort(todo.begin(), todo.end(), [](const Table* a, const Table* b) {
        return a->qualified_name() < b->qualified_name();
    });

    // Kahn's algorithm level by level (a chain of n tables is n levels: no rescans of all
    // tables per level); each level in name order, as SQLAlchemy's sort does.
    const size_t n = todo.size();
    std::map<std::pair<std::string_view, std::string_view>, size_t> position;  // (schema, name) -> index in todo
    for (size_t i = 0; i < n; ++i) position.emplace(std::pair<std::string_view, std::string_view>{todo[i]->schema, todo[i]->name}, i);
    std::vector<std::vector<size_t>> dependents(n);
    std::vector<size_t> waiting(n, 0);  // dependencies not yet emitted
    for (size_t i = 0; i < n; ++i) {
        std::set<size_t> refs;
        for (const auto& fk : todo[i]->foreign_keys) {
            auto it = position.find({fk.ref_schema, fk.ref_table});
            if (it != position.end() && it->second != i) refs.insert(it->second);
        }
        for (size_t r : refs) dependents[r].push_back(i);
        waiting[i] = refs.size();
    }
    std::vector<const Table*> out;
    std::vector<bool> emitted(n, false);
    std::vector<size_t> level;
    for (size_t i = 0; i < n; ++i)
        if (waiting[i] == 0) level.push_back(i);
    while (out.size() < n) {
        if (level.empty()) {  // only cycles (and what hangs on them) remain: one last level
            for (size_t i = 0; i < n; ++i)
                if (!emitted[i]) out.push_back(todo[i]);
            break;
        }
        std::sort(level.begin(), level.end());
        std::vector<size_t> next;
        for (size_t i : level) {
            emitted[i] = true;
            out.push_back(todo[i]);
        }
        for (size_t i : level)
            for (size_t d : dependents[i])
                if (--waiting[d] == 0) next.push_back(d);
        level = std::move(next);
    }
    return out;
}

const char* op_name(const Op& op) {
    struct Visitor {
        const char* operator()(const CreateTable&) const { return "create_table"; }
        const char* operator()(const DropTable&) const { return "drop_table"; }
        const char* operator()(const RenameTable&) const { return "rename_table"; }
        const char* operator()(const AddColumn&) const { return "add_column"; }
        const char* operator()(const DropColumn&) const { return "drop_column"; }
        const char* operator()(const AlterColumn&) const { return "alter_column"; }
        const char* operator()(const CreateIndex&) const { return "create_index"; }
        const char* operator()(const DropIndex&) const { return "drop_index"; }
        const char* operator()(const CreateUniqueConstraint&) const { return "create_unique_constraint"; }
        const char* operator()(const CreateForeignKey&) const { return "create_foreign_key"; }
        const char* operator()(const CreateCheckConstraint&) const { return "create_check_constraint"; }
        const char* operator()(const CreatePrimaryKey&) const { return "create_primary_key"; }
        const char* operator()(const DropConstraint&) const { return "drop_constraint"; }
        const char* operator()(const CreateEnum&) const { return "create_enum"; }
        const char* operator()(const DropEnum&) const { return "drop_enum"; }
        const char* operator()(const AlterEnum&) const { return "alter_enum"; }
        const char* operator()(const CreateTableComment&) const { return "create_table_comment"; }
        const char* operator()(const DropTableComment&) const { return "drop_table_comment"; }
        const char* operator()(const Execute&) const { return "execute"; }
        const char* operator()(const Opaque&) const { return "opaque"; }
    };
    return std::visit(Visitor{}, op.value);
}

}  // namespace mig_guard::schema
