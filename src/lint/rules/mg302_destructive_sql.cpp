#include <cctype>

#include "../internal.hpp"
#include "mig_guard/sql/parse.hpp"
#include "rules.hpp"

namespace mig_guard::lint::rules {

namespace {

// What is destructive about one SQL statement, or empty.
std::string destructive(const std::string& statement) {
    std::string u = detail::upper(statement);
    size_t b = u.find_first_not_of(" \t\r\n(");
    if (b == std::string::npos) return {};
    std::string_view s(u);
    s.remove_prefix(b);
    auto starts = [&](std::string_view w) { return s.starts_with(w) && (s.size() == w.size() || !std::isalnum(static_cast<unsigned char>(s[w.size()]))); };
    if (starts("DROP")) {
        std::string_view rest = s.substr(4);
        size_t o = rest.find_first_not_of(" \t\r\n");
        std::string_view object = o == std::string_view::npos ? std::string_view() : rest.substr(o);
        return "DROP " + std::string(object.substr(0, object.find_first_of(" \t\r\n;")));
    }
    if (starts("TRUNCATE")) return "TRUNCATE";
    if (starts("DELETE") && !detail::contains_word(s, "WHERE")) return "DELETE without WHERE";
    if (starts("UPDATE") && !detail::contains_word(s, "WHERE")) return {};  // data change, not data loss
    if (starts("ALTER") && detail::contains_word(s, "TABLE") && detail::contains_word(s, "DROP") &&
        (detail::contains_word(s, "COLUMN") || !detail::contains_word(s, "CONSTRAINT")) &&
        !detail::contains_word(s, "DEFAULT") && !detail::contains_word(s, "NOT"))
        return "ALTER TABLE ... DROP COLUMN";
    return {};
}

void check(const RevisionContext& ctx, Reporter& r) {
    for (const auto& op : ctx.revision.upgrade) {
        const auto* ex = op.as<schema::Execute>();
        if (!ex) continue;
        // PostgreSQL's own grammar (libpg_query); SQL it refuses is scanned by keywords instead.
        const sql::ParsedSql& parsed = detail::parsed_sql(ex->sql);
        if (!parsed.error) {
            for (const auto& st : parsed.statements) {
                std::string what = st.drops_table          ? "DROP TABLE"
                                   : st.drops_column        ? "ALTER TABLE ... DROP COLUMN"
                                   : st.truncates           ? "TRUNCATE"
                                   : st.deletes_without_where ? "DELETE without WHERE"
                                   : st.drops_other         ? "DROP " + st.object_type
                                                            : std::string();
                if (what.empty()) continue;
                r.report(detail::sql_location(ctx, op, st.begin), "destructive SQL: " + what,
                         "make sure the data is no longer needed, then acknowledge MG302 in review");
            }
            continue;
        }
        for (const auto& piece : detail::split_sql(ex->sql)) {
            std::string what = destructive(piece.text);
            if (what.empty()) continue;
            r.report(detail::sql_location(ctx, op, piece.offset), "destructive SQL: " + what,
                     "make sure the data is no longer needed, then acknowledge MG302 in review");
        }
    }
}
}  // namespace

const Rule& mg302_destructive_sql() {
    static const Rule rule{
        "MG302", "destructive-sql", Level::error, "DROP, TRUNCATE, DELETE without WHERE inside raw SQL",
        {"Flags statements inside `op.execute(...)` in `upgrade()` that destroy data: `DROP ...`, `TRUNCATE`, "
         "`DELETE` without `WHERE`, `ALTER TABLE ... DROP COLUMN`, at the line of the statement inside the "
         "string.",
         "Data deleted by a migration is gone in every environment it runs in; unlike `op.drop_table`, raw SQL "
         "is easy to overlook in review.",
         "def upgrade() -> None:\n    op.execute(\"\"\"\n        UPDATE task SET done = true;\n"
         "        DELETE FROM audit_log;\n    \"\"\")",
         "Delete only what must go (`DELETE ... WHERE ...`), keep a backup, and acknowledge MG302 in review."},
        Scope::revision, &check};
    return rule;
}

}  // namespace mig_guard::lint::rules
