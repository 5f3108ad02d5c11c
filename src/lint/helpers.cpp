#include <algorithm>
#include <cctype>
#include <set>
#include <type_traits>
#include <variant>

#include "internal.hpp"
#include "mig_guard/sql/parse.hpp"

namespace mig_guard::lint::detail {

using python::Expr;
using python::ExprKind;

std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

static bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool contains_word(std::string_view text, std::string_view word) {
    for (size_t pos = text.find(word); pos != std::string_view::npos; pos = text.find(word, pos + 1)) {
        bool left = pos == 0 || !ident_char(text[pos - 1]);
        size_t end = pos + word.size();
        bool right = end >= text.size() || !ident_char(text[end]);
        if (left && right) return true;
    }
    return false;
}

std::string qualified(const std::string& schema, const std::string& name) {
    return schema.empty() ? name : schema + "." + name;
}

const python::Stmt* function_def(const python::Module& module, std::string_view name) {
    for (const auto& s : module.body)
        if (s->kind == python::StmtKind::FunctionDef && s->name == name) return s.get();
    return nullptr;
}

// Numbers inside the first parentheses of "VARCHAR(50)" / "NUMERIC(10, 2)".
static std::vector<long> type_args(const std::string& sql) {
    std::vector<long> out;
    auto open = sql.find('(');
    if (open == std::string::npos) return out;
    auto close = sql.find(')', open);
    std::string inner = sql.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1);
    size_t i = 0;
    while (i < inner.size()) {
        if (std::isdigit(static_cast<unsigned char>(inner[i]))) {
            size_t j = i;
            while (j < inner.size() && std::isdigit(static_cast<unsigned char>(inner[j]))) ++j;
            out.push_back(std::stol(inner.substr(i, j - i)));
            i = j;
        } else {
            ++i;
        }
    }
    return out;
}

TypeInfo type_info(const schema::SqlType& type) {
    TypeInfo t;
    std::string sql = upper(type.sql);
    if (sql.empty()) return t;
    std::string base = sql.substr(0, sql.find('('));
    while (!base.empty() && base.back() == ' ') base.pop_back();
    auto args = type_args(sql);
    t.base = base;
    using F = TypeInfo::Family;
    if (base == "VARCHAR" || base == "CHARACTER VARYING" || base == "TEXT" || base == "CHAR" || base == "CHARACTER" ||
        base == "NVARCHAR") {
        t.family = F::string;
        if (base == "CHARACTER VARYING" || base == "NVARCHAR") t.base = "VARCHAR";
        if (base == "CHARACTER") t.base = "CHAR";
        if (!args.empty()) t.length = args[0];
        else if (t.base == "CHAR") t.length = 1;
    } else if (base == "SMALLINT" || base == "INTEGER" || base == "INT" || base == "BIGINT" || base == "SERIAL" ||
               base == "BIGSERIAL" || base == "SMALLSERIAL") {
        t.family = F::integer;
        t.rank = (base == "SMALLINT" || base == "SMALLSERIAL") ? 2 : (base == "BIGINT" || base == "BIGSERIAL") ? 8 : 4;
    } else if (base == "NUMERIC" || base == "DECIMAL") {
        t.family = F::numeric;
        t.base = "NUMERIC";
        if (!args.empty()) t.length = args[0];
        if (args.size() > 1) t.scale = args[1];
        else if (!args.empty()) t.scale = 0;
    } else if (base == "REAL" || base == "FLOAT" || base == "DOUBLE PRECISION" || base == "FLOAT4" || base == "FLOAT8") {
        t.family = F::floating;
        t.rank = (base == "REAL" || base == "FLOAT4" || (base == "FLOAT" && !args.empty() && args[0] <= 24)) ? 4 : 8;
    } else if (base.starts_with("TIMESTAMP")) {
        t.family = F::timestamp;
        t.base = "TIMESTAMP";
        t.with_time_zone = sql.find("WITH TIME ZONE") != std::string::npos && sql.find("WITHOUT") == std::string::npos;
    } else {
        t.family = F::other;
    }
    return t;
}

std::optional<schema::SqlType> existing_type(const schema::AlterColumn& op, const schema::Schema& before) {
    if (!op.existing_type.sql.empty() || !op.existing_type.python.empty()) return op.existing_type;
    if (const schema::Table* t = before.find_table(op.table, op.schema))
        if (const schema::Column* c = t->find_column(op.column)) return c->type;
    return std::nullopt;
}

std::vector<SqlPiece> split_sql(std::string_view sql) {
    std::vector<SqlPiece> out;
    size_t start = 0;
    auto flush = [&](size_t end) {
        std::string_view piece = sql.substr(start, end - start);
        size_t b = 0;
        // Leading whitespace and comments are not part of the statement's position.
        while (b < piece.size()) {
            if (std::isspace(static_cast<unsigned char>(piece[b]))) ++b;
            else if (piece.substr(b, 2) == "--") {
                size_t nl = piece.find('\n', b);
                b = nl == std::string_view::npos ? piece.size() : nl + 1;
            } else break;
        }
        if (b < piece.size()) out.push_back({std::string(piece.substr(b)), static_cast<uint32_t>(start + b)});
    };
    for (size_t i = 0; i < sql.size(); ++i) {
        char c = sql[i];
        if (c == '\'' || c == '"') {
            size_t j = i + 1;
            while (j < sql.size() && sql[j] != c) ++j;
            i = j;
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            while (i < sql.size() && sql[i] != '\n') ++i;
        } else if (c == '$') {
            // Dollar quoting: $tag$ ... $tag$ (function bodies).
            size_t j = i + 1;
            while (j < sql.size() && (ident_char(sql[j]))) ++j;
            if (j < sql.size() && sql[j] == '$') {
                std::string_view tag = sql.substr(i, j - i + 1);
                size_t close = sql.find(tag, j + 1);
                i = close == std::string_view::npos ? sql.size() : close + tag.size() - 1;
            }
        } else if (c == ';') {
            flush(i);
            start = i + 1;
        }
    }
    flush(sql.size());
    return out;
}

// The first string literal argument of the call the op's statement makes (op.execute("..."),
// op.execute(sa.text("..."))).
static const Expr* sql_literal(const Expr& e) {
    if (e.kind == ExprKind::Constant && e.const_kind == python::ConstKind::Str) return &e;
    if (e.kind == ExprKind::Call)
        for (size_t i = 1; i < e.children.size(); ++i)
            if (const Expr* found = sql_literal(*e.children[i])) return found;
    return nullptr;
}

static const python::Stmt* statement_at(const std::vector<python::StmtPtr>& body, uint32_t begin) {
    for (const auto& s : body) {
        if (s->span.begin == begin) return s.get();
        if (s->span.begin <= begin && begin < s->span.end) {
            if (const python::Stmt* inner = statement_at(s->body, begin)) return inner;
        }
    }
    return nullptr;
}

const sql::ParsedSql& parsed_sql(const std::string& sql) {
    struct Entry {
        std::string sql;
        sql::ParsedSql parsed;
    };
    constexpr size_t k_entries = 8;
    thread_local std::vector<Entry> t_cache;
    thread_local size_t t_next = 0;
    for (const auto& e : t_cache)
        if (e.sql == sql) return e.parsed;
    Entry entry{sql, sql::parse_sql(sql)};
    if (t_cache.size() < k_entries) {
        t_cache.push_back(std::move(entry));
        return t_cache.back().parsed;
    }
    Entry& slot = t_cache[t_next];
    t_next = (t_next + 1) % k_entries;
    slot = std::move(entry);
    return slot.parsed;
}

SourceLocation sql_location(const RevisionContext& ctx, const schema::Op& op, uint32_t offset) {
    const python::Stmt* s = statement_at(ctx.module.body, op.source_begin);
    if (!s || s->kind != python::StmtKind::Expr || !s->value) return op.location;
    const Expr* lit = sql_literal(*s->value);
    if (!lit) return op.location;
    std::string_view src = ctx.module.text(lit->span);
    sql::FilePosition pos = sql::map_offset_in_literal(src, lit->span.line, lit->span.column, offset);
    return {ctx.file.path, pos.line, pos.column};
}

schema::Schema slice_for(const schema::Schema& schema, const schema::Ops& a, const schema::Ops& b) {
    // Views into the ops and the schema, sorted for lookup: this runs twice per revision over
    // every table of the schema, so no string is copied to ask whether a table is wanted.
    using Key = std::pair<std::string_view, std::string_view>;  // (schema, table)
    std::vector<Key> names;
    auto note = [&](const std::string& sch, const std::string& table) { names.emplace_back(sch, table); };
    for (const schema::Ops* ops : {&a, &b}) {
        for (const auto& op : *ops) {
            std::visit(
                [&](const auto& v) {
                    using T = std::decay_t<decltype(v)>;
                    if constexpr (std::is_same_v<T, schema::CreateTable> || std::is_same_v<T, schema::DropTable>) {
                        note(v.table.schema, v.table.name);
                    } else if constexpr (std::is_same_v<T, schema::RenameTable>) {
                        note(v.schema, v.old_name);
                        note(v.schema, v.new_name);
                    } else if constexpr (std::is_same_v<T, schema::AlterEnum>) {
                        for (const auto& c : v.columns) note(c.schema, c.table);
                    } else if constexpr (requires { v.table; v.schema; }) {
                        note(v.schema, v.table);
                    }
                },
                op.value);
        }
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    auto named = [&](const schema::Table& t) {
        return std::binary_search(names.begin(), names.end(), Key(t.schema, t.name));
    };
    schema::Schema out;
    out.enums = schema.enums;
    std::vector<Key> referenced;
    for (const auto& t : schema.tables) {
        if (!named(t)) continue;
        out.tables.push_back(t);
        for (const auto& fk : t.foreign_keys) referenced.emplace_back(fk.ref_schema, fk.ref_table);
    }
    if (!referenced.empty()) {
        std::sort(referenced.begin(), referenced.end());
        for (const auto& t : schema.tables)
            if (std::binary_search(referenced.begin(), referenced.end(), Key(t.schema, t.name)) && !named(t))
                out.tables.push_back(t);
    }
    return out;
}

}  // namespace mig_guard::lint::detail
