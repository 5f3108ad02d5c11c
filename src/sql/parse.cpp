// Raw SQL read with libpg_query (see parse.hpp).
#include "mig_guard/sql/parse.hpp"

#include <pg_query.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "mig_guard/common/utf8.hpp"

namespace mig_guard::sql {

using nlohmann::json;

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool is_ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

// If a dollar quote ($$ or $tag$) opens at `i`, its delimiter; else empty. `$1` is a parameter.
std::string_view dollar_tag(std::string_view s, size_t i) {
    if (i >= s.size() || s[i] != '$') return {};
    if (i > 0 && is_ident_char(s[i - 1])) return {};
    size_t j = i + 1;
    if (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) return {};
    while (j < s.size() && is_ident_char(s[j]) && s[j] != '$') ++j;
    if (j < s.size() && s[j] == '$') return s.substr(i, j - i + 1);
    return {};
}

// The index just past the quoted string, identifier, dollar-quoted body or comment that starts
// at `i`, or `i` when none starts there. Unterminated ones run to the end.
size_t skip_token(std::string_view s, size_t i) {
    char c = s[i];
    if (c == '\'' || c == '"') {
        // E'...' strings take backslash escapes; the parser already accepted the text, so the
        // only question is where the literal ends.
        bool backslashes = c == '\'' && i > 0 && (s[i - 1] == 'e' || s[i - 1] == 'E') &&
                           (i < 2 || !is_ident_char(s[i - 2]));
        for (size_t j = i + 1; j < s.size(); ++j) {
            if (backslashes && s[j] == '\\') {
                ++j;
            } else if (s[j] == c) {
                if (j + 1 < s.size() && s[j + 1] == c) {
                    ++j;
                    continue;
                }
                return j + 1;
            }
        }
        return s.size();
    }
    if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
        size_t e = s.find('\n', i);
        return e == std::string_view::npos ? s.size() : e + 1;
    }
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
        // PostgreSQL's block comments nest.
        int depth = 0;
        for (size_t j = i; j + 1 < s.size(); ++j) {
            if (s[j] == '/' && s[j + 1] == '*') {
                ++depth;
                ++j;
            } else if (s[j] == '*' && s[j + 1] == '/') {
                ++j;
                if (--depth == 0) return j + 1;
            }
        }
        return s.size();
    }
    if (std::string_view tag = dollar_tag(s, i); !tag.empty()) {
        size_t e = s.find(tag, i + tag.size());
        return e == std::string_view::npos ? s.size() : e + tag.size();
    }
    return i;
}

// Past whitespace and comments from `i`.
size_t skip_space_and_comments(std::string_view s, size_t i, size_t end) {
    while (i < end) {
        if (is_space(s[i])) {
            ++i;
        } else if (s[i] == '-' || s[i] == '/') {
            size_t j = skip_token(s, i);
            if (j == i) break;
            i = j;
        } else {
            break;
        }
    }
    return std::min(i, end);
}

void strip_locations(json& node) {
    if (node.is_object()) {
        node.erase("location");
        node.erase("stmt_location");
        node.erase("stmt_len");
        for (auto& [key, value] : node.items()) strip_locations(value);
    } else if (node.is_array()) {
        for (auto& value : node) strip_locations(value);
    }
}

std::string string_value(const json& node) {
    if (node.is_object() && node.contains("String")) return node["String"].value("sval", "");
    return node.is_string() ? node.get<std::string>() : node.dump();
}

std::string join_names(const json& list) {
    std::string out;
    if (!list.is_array()) return out;
    for (const auto& item : list) out += (out.empty() ? "" : ".") + string_value(item);
    return out;
}

// The name of one entry of DropStmt.objects: a List of Strings (tables, indexes), a TypeName
// (types, domains) or a bare String (schemas, extensions).
std::string object_name(const json& object) {
    if (object.contains("List")) return join_names(object["List"].value("items", json::array()));
    if (object.contains("TypeName")) return join_names(object["TypeName"].value("names", json::array()));
    if (object.contains("String")) return string_value(object);
    return object.dump();
}

std::vector<std::string> name_parts(const json& object) {
    std::vector<std::string> out;
    const json* list = nullptr;
    if (object.contains("List")) list = &object["List"]["items"];
    else if (object.contains("TypeName")) list = &object["TypeName"]["names"];
    if (list) {
        for (const auto& n : *list) out.push_back(string_value(n));
    } else {
        out.push_back(string_value(object));
    }
    return out;
}

void collect_range_vars(const json& node, std::vector<std::string>& out) {
    if (node.is_object()) {
        if (node.contains("relname") && node["relname"].is_string()) {
            std::string name = range_var_name(node);
            if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
        }
        for (const auto& [key, value] : node.items()) collect_range_vars(value, out);
    } else if (node.is_array()) {
        for (const auto& value : node) collect_range_vars(value, out);
    }
}

std::string object_type_name(std::string type) {
    if (type.rfind("OBJECT_", 0) == 0) type = type.substr(7);
    if (type == "MATVIEW") return "MATERIALIZED VIEW";
    if (type == "FOREIGN_TABLE") return "FOREIGN TABLE";
    std::replace(type.begin(), type.end(), '_', ' ');
    return type;
}

void add_unique(std::vector<std::string>& list, const std::string& value) {
    if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

void classify(SqlStatement& s, const json& node) {
    if (node.contains("relation")) add_unique(s.tables, range_var_name(node["relation"]));
    if (s.kind == "DropStmt") {
        std::string type = node.value("removeType", "");
        s.object_type = object_type_name(type);
        for (const auto& o : node.value("objects", json::array())) s.objects.push_back(object_name(o));
        if (type == "OBJECT_TABLE") {
            s.drops_table = true;
            for (const auto& o : s.objects) add_unique(s.tables, o);
        } else {
            s.drops_other = true;
        }
        if (type == "OBJECT_INDEX" && node.value("concurrent", false)) s.concurrently = true;
    } else if (s.kind == "TruncateStmt") {
        s.truncates = true;
        for (const auto& r : node.value("relations", json::array()))
            add_unique(s.tables, range_var_name(r.value("RangeVar", json::object())));
    } else if (s.kind == "DeleteStmt") {
        s.deletes_without_where = !node.contains("whereClause");
    } else if (s.kind == "UpdateStmt") {
        s.updates_without_where = !node.contains("whereClause");
    } else if (s.kind == "IndexStmt") {
        s.creates_index = true;
        s.concurrently = node.value("concurrent", false);
    } else if (s.kind == "AlterTableStmt") {
        std::string table = range_var_name(node.value("relation", json::object()));
        bool all_not_valid = true;
        for (const auto& c : node.value("cmds", json::array())) {
            const json& cmd = c.value("AlterTableCmd", json::object());
            std::string subtype = cmd.value("subtype", "");
            const json def = cmd.value("def", json());
            std::vector<json> constraints;
            if (subtype == "AT_DropColumn") {
                s.drops_column = true;
                s.object_type = "COLUMN";
                s.objects.push_back(table + "." + cmd.value("name", ""));
            } else if (subtype == "AT_AddColumn") {
                s.adds_column = true;
                if (def.is_object() && def.contains("ColumnDef"))
                    for (const auto& k : def["ColumnDef"].value("constraints", json::array())) constraints.push_back(k);
            } else if (subtype == "AT_SetNotNull") {
                s.sets_not_null = true;
            } else if (subtype == "AT_AlterColumnType") {
                s.alters_column_type = true;
            } else if (subtype == "AT_AddConstraint" && def.is_object()) {
                constraints.push_back(def);
            }
            for (const auto& k : constraints) {
                const json& con = k.value("Constraint", json::object());
                if (con.value("contype", "") != "CONSTR_FOREIGN") continue;
                s.adds_foreign_key = true;
                all_not_valid = all_not_valid && con.value("skip_validation", false);
            }
        }
        s.not_valid = s.adds_foreign_key && all_not_valid;
    }
    std::vector<std::string> others;
    collect_range_vars(node, others);
    for (const auto& t : others) add_unique(s.tables, t);
}

// "0xff", as PostgreSQL names a byte its encoding refuses.
std::string hex_byte(unsigned char c) {
    const char* digits = "0123456789abcdef";
    return std::string("0x") + digits[c >> 4] + digits[c & 0xF];
}

// PostgreSQL reports the error position in characters; offsets here are bytes.
uint32_t byte_offset_of_char(std::string_view s, int chars) {
    size_t i = 0;
    for (int n = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
        if (n++ == chars) break;
    }
    return static_cast<uint32_t>(std::min(i, s.size()));
}

}  // namespace

json without_locations(json node) {
    strip_locations(node);
    return node;
}

std::string range_var_name(const json& range_var) {
    std::string schema = range_var.value("schemaname", "");
    std::string rel = range_var.value("relname", "");
    return schema.empty() ? rel : schema + "." + rel;
}

ParsedSql parse_sql(std::string_view sql) {
    ParsedSql out;
    // PostgreSQL refuses what its UTF8 encoding cannot hold before it parses anything, and so
    // does this: a NUL would end the C string libpg_query reads, and invalid UTF-8 would come
    // back inside its JSON, which is no JSON.
    size_t bad = std::min(sql.find('\0'), first_invalid_utf8(sql));
    if (bad != std::string_view::npos) {
        out.error = "invalid byte sequence for encoding \"UTF8\": " + hex_byte(static_cast<unsigned char>(sql[bad]));
        out.error_offset = static_cast<uint32_t>(bad);
        return out;
    }
    std::string buffer(sql);
    PgQueryParseResult result = pg_query_parse(buffer.c_str());
    if (result.error) {
        out.error = result.error->message;
        int pos = result.error->cursorpos > 0 ? result.error->cursorpos - 1 : 0;
        out.error_offset = byte_offset_of_char(sql, pos);
        pg_query_free_parse_result(result);
        return out;
    }
    json tree = json::parse(result.parse_tree, nullptr, /*allow_exceptions=*/false);
    pg_query_free_parse_result(result);
    if (tree.is_discarded()) {
        out.error = "libpg_query returned a parse tree that is not JSON";
        return out;
    }

    for (const auto& raw : tree.value("stmts", json::array())) {
        if (!raw.contains("stmt")) continue;
        SqlStatement s;
        size_t loc = std::min<size_t>(raw.value("stmt_location", 0), sql.size());
        size_t len = raw.value("stmt_len", 0);
        size_t end = len == 0 ? sql.size() : std::min(sql.size(), loc + len);
        // The location of a statement after the first is just past the previous ';': the
        // comments and blank lines before it are not the statement.
        size_t begin = skip_space_and_comments(sql, loc, end);
        while (end > begin && is_space(sql[end - 1])) --end;
        s.begin = static_cast<uint32_t>(begin);
        s.end = static_cast<uint32_t>(end);
        s.text = std::string(sql.substr(begin, end - begin));
        s.line = 1 + static_cast<uint32_t>(std::count(sql.begin(), sql.begin() + begin, '\n'));
        const json& stmt = raw["stmt"];
        s.kind = stmt.begin().key();
        s.tree = without_locations(stmt);
        classify(s, s.tree[s.kind]);
        out.statements.push_back(std::move(s));
    }
    return out;
}

// --- Python literal positions ---------------------------------------------------------------

namespace {

size_t utf8_length(uint32_t cp) { return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; }

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

class LiteralWalker {
public:
    LiteralWalker(std::string_view src, uint32_t line, uint32_t column) : m_src(src), m_line(line), m_column(column) {}

    FilePosition find(uint32_t offset) {
        // Past the value's last byte: the closing quote of the last literal.
        FilePosition end{m_line, m_column};
        while (m_i < m_src.size()) {
            if (!at_literal_start()) {
                skip_between();
                continue;
            }
            bool raw = false, bytes = false, fstring = false;
            while (m_i < m_src.size() && m_src[m_i] != '\'' && m_src[m_i] != '"') {
                char p = static_cast<char>(std::tolower(static_cast<unsigned char>(m_src[m_i])));
                raw = raw || p == 'r';
                bytes = bytes || p == 'b';
                fstring = fstring || p == 'f';
                advance(1);
            }
            char quote = m_src[m_i];
            bool triple = m_src.substr(m_i, 3) == std::string(3, quote);
            size_t qlen = triple ? 3 : 1;
            advance(qlen);
            bool after_raw_backslash = false;
            while (m_i < m_src.size()) {
                if (!after_raw_backslash && m_src.substr(m_i, qlen) == std::string(qlen, quote)) break;
                after_raw_backslash = false;
                FilePosition here{m_line, m_column};
                size_t produced = 0;
                size_t consumed = 1;
                char c = m_src[m_i];
                if (c == '\\' && !raw && m_i + 1 < m_src.size()) {
                    std::tie(produced, consumed) = escape(bytes);
                } else if (c == '\\' && raw && m_i + 1 < m_src.size()) {
                    // In a raw string a backslash stays in the value, yet still keeps the next
                    // quote from closing the string.
                    produced = 1;
                    after_raw_backslash = true;
                } else if (c == '\r') {
                    // Python reads \r\n (and a lone \r) in source as one newline.
                    consumed = m_i + 1 < m_src.size() && m_src[m_i + 1] == '\n' ? 2 : 1;
                    produced = 1;
                } else if (fstring && (c == '{' || c == '}') && m_i + 1 < m_src.size() && m_src[m_i + 1] == c) {
                    produced = 1;
                    consumed = 2;
                } else {
                    produced = 1;
                }
                if (offset < m_value + produced) return here;
                m_value += produced;
                advance(consumed);
            }
            end = {m_line, m_column};
            advance(std::min(qlen, m_src.size() - m_i));
        }
        return end;
    }

private:
    bool at_literal_start() const {
        size_t j = m_i;
        while (j < m_src.size() && j - m_i < 3 && std::isalpha(static_cast<unsigned char>(m_src[j]))) ++j;
        return j < m_src.size() && (m_src[j] == '\'' || m_src[j] == '"');
    }

    // Whitespace, newlines, comments and line continuations between implicitly concatenated
    // literals (and the parentheses that may wrap them).
    void skip_between() {
        if (m_src[m_i] == '#') {
            while (m_i < m_src.size() && m_src[m_i] != '\n' && m_src[m_i] != '\r') advance(1);  // ends as Python's line does
            return;
        }
        advance(1);
    }

    // (bytes of the value, bytes of source) for the escape sequence at m_i.
    std::pair<size_t, size_t> escape(bool bytes) {
        char e = m_src[m_i + 1];
        size_t rest = m_src.size() - m_i;
        switch (e) {
        case '\n': return {0, 2};
        case '\r': return {0, rest > 2 && m_src[m_i + 2] == '\n' ? 3 : 2};
        case '\\': case '\'': case '"': case 'a': case 'b': case 'f': case 'n': case 'r': case 't': case 'v':
            return {1, 2};
        case 'x': {
            if (rest < 4 || hex_value(m_src[m_i + 2]) < 0 || hex_value(m_src[m_i + 3]) < 0) return {2, 2};
            uint32_t cp = static_cast<uint32_t>(hex_value(m_src[m_i + 2]) * 16 + hex_value(m_src[m_i + 3]));
            return {bytes ? 1 : utf8_length(cp), 4};
        }
        case 'u': case 'U': {
            size_t digits = e == 'u' ? 4 : 8;
            if (bytes || rest < 2 + digits) return {2, 2};
            uint32_t cp = 0;
            for (size_t k = 0; k < digits; ++k) {
                int h = hex_value(m_src[m_i + 2 + k]);
                if (h < 0) return {2, 2};
                cp = cp * 16 + static_cast<uint32_t>(h);
            }
            return {utf8_length(cp), 2 + digits};
        }
        case 'N': {
            if (bytes) return {2, 2};
            size_t close = m_src.find('}', m_i);
            // The named character's UTF-8 length is not known without Unicode's name table;
            // most names used in SQL strings are outside ASCII, so count it as one character.
            return {3, close == std::string_view::npos ? 2 : close - m_i + 1};
        }
        default:
            if (e >= '0' && e <= '7') {
                size_t n = 1;
                uint32_t cp = static_cast<uint32_t>(e - '0');
                while (n < 3 && m_i + 1 + n < m_src.size() && m_src[m_i + 1 + n] >= '0' && m_src[m_i + 1 + n] <= '7') {
                    cp = cp * 8 + static_cast<uint32_t>(m_src[m_i + 1 + n] - '0');
                    ++n;
                }
                return {bytes ? 1 : utf8_length(cp), 1 + n};
            }
            // An unknown escape keeps both characters.
            return {2, 2};
        }
    }

    void advance(size_t n) {
        for (size_t k = 0; k < n && m_i < m_src.size(); ++k, ++m_i) {
            if (m_src[m_i] == '\n' || (m_src[m_i] == '\r' && (m_i + 1 >= m_src.size() || m_src[m_i + 1] != '\n'))) {
                ++m_line;
                m_column = 1;
            } else {
                ++m_column;
            }
        }
    }

    std::string_view m_src;
    size_t m_i = 0;
    size_t m_value = 0;
    uint32_t m_line;
    uint32_t m_column;
};

}  // namespace

FilePosition map_offset_in_literal(std::string_view literal_source, uint32_t literal_line, uint32_t literal_column,
                                   uint32_t offset_in_value) {
    return LiteralWalker(literal_source, literal_line, literal_column).find(offset_in_value);
}


// --- Types ----------------------------------------------------------------------------------

namespace {

std::vector<long long> typmods_of(const json& type_name) {
    std::vector<long long> out;
    for (const auto& m : type_name.value("typmods", json::array())) {
        const json& c = m.value("A_Const", json::object());
        if (c.contains("ival")) out.push_back(c["ival"].value("ival", 0LL));
    }
    return out;
}

std::string with_precision(const std::string& base, const std::vector<long long>& mods, const std::string& suffix) {
    std::string out = base;
    if (!mods.empty()) out += "(" + std::to_string(mods[0]) + ")";
    return out + suffix;
}

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
    return s;
}

// Alembic's autogenerate rendering for the common types; other types leave it empty (the
// schema compares types by their SQL).
std::string python_of(const std::string& sql) {
    static const std::map<std::string, std::string> k_fixed = {
        {"INTEGER", "sa.Integer()"},       {"BIGINT", "sa.BigInteger()"},    {"SMALLINT", "sa.SmallInteger()"},
        {"TEXT", "sa.Text()"},             {"BOOLEAN", "sa.Boolean()"},      {"VARCHAR", "sa.String()"},
        {"DATE", "sa.Date()"},             {"FLOAT", "sa.Float()"},          {"NUMERIC", "sa.Numeric()"},
        {"TIMESTAMP WITHOUT TIME ZONE", "sa.DateTime()"}, {"TIMESTAMP WITH TIME ZONE", "sa.DateTime(timezone=True)"},
        {"TIME WITHOUT TIME ZONE", "sa.Time()"}, {"INTERVAL", "sa.Interval()"}, {"BYTEA", "sa.LargeBinary()"},
        {"REAL", "sa.REAL()"},
    };
    if (auto it = k_fixed.find(sql); it != k_fixed.end()) return it->second;
    if (sql.rfind("VARCHAR(", 0) == 0) return "sa.String(length=" + sql.substr(8, sql.size() - 9) + ")";
    return "";
}

}  // namespace

schema::SqlType sql_type_from_tree(const json& type_name, bool* serial) {
    std::vector<std::string> names;
    for (const auto& n : type_name.value("names", json::array())) names.push_back(string_value(n));
    if (names.size() == 2 && names[0] == "pg_catalog") names.erase(names.begin());
    std::vector<long long> mods = typmods_of(type_name);
    if (serial) *serial = false;

    schema::SqlType t;
    std::string name = names.size() == 1 ? names[0] : "";
    static const std::map<std::string, std::string> k_plain = {
        {"int4", "INTEGER"}, {"int", "INTEGER"}, {"integer", "INTEGER"}, {"int2", "SMALLINT"},
        {"smallint", "SMALLINT"}, {"int8", "BIGINT"}, {"bigint", "BIGINT"}, {"bool", "BOOLEAN"},
        {"boolean", "BOOLEAN"}, {"text", "TEXT"}, {"float4", "REAL"}, {"real", "REAL"},
        // float8 is what SQLAlchemy's Float() creates; FLOAT is how it spells it.
        {"float8", "FLOAT"}, {"date", "DATE"}, {"uuid", "UUID"}, {"json", "JSON"}, {"jsonb", "JSONB"},
        {"bytea", "BYTEA"}, {"inet", "INET"}, {"cidr", "CIDR"}, {"macaddr", "MACADDR"}, {"money", "MONEY"},
        {"tsvector", "TSVECTOR"}, {"xml", "XML"}, {"interval", "INTERVAL"}, {"oid", "OID"},
    };
    static const std::map<std::string, std::string> k_serial = {
        {"serial", "INTEGER"}, {"serial4", "INTEGER"}, {"bigserial", "BIGINT"},
        {"serial8", "BIGINT"}, {"smallserial", "SMALLINT"}, {"serial2", "SMALLINT"},
    };
    if (auto it = k_serial.find(name); it != k_serial.end()) {
        t.sql = it->second;
        if (serial) *serial = true;
    } else if (auto p = k_plain.find(name); p != k_plain.end()) {
        t.sql = p->second;
    } else if (name == "varchar" || name == "character varying") {
        t.sql = with_precision("VARCHAR", mods, "");
    } else if (name == "bpchar" || name == "char" || name == "character") {
        t.sql = with_precision("CHAR", mods, "");
    } else if (name == "numeric" || name == "decimal") {
        t.sql = "NUMERIC";
        if (mods.size() == 1) t.sql += "(" + std::to_string(mods[0]) + ")";
        if (mods.size() >= 2) t.sql += "(" + std::to_string(mods[0]) + ", " + std::to_string(mods[1]) + ")";
    } else if (name == "timestamp") {
        t.sql = with_precision("TIMESTAMP", mods, " WITHOUT TIME ZONE");
    } else if (name == "timestamptz") {
        t.sql = with_precision("TIMESTAMP", mods, " WITH TIME ZONE");
    } else if (name == "time") {
        t.sql = with_precision("TIME", mods, " WITHOUT TIME ZONE");
    } else if (name == "timetz") {
        t.sql = with_precision("TIME", mods, " WITH TIME ZONE");
    } else if (name == "bit" || name == "varbit") {
        t.sql = with_precision(name == "bit" ? "BIT" : "BIT VARYING", mods, "");
    } else {
        // A user type (an enum, a domain, an extension's type) keeps its name as written.
        for (const auto& n : names) t.sql += (t.sql.empty() ? "" : ".") + n;
        if (!mods.empty()) {
            t.sql += "(";
            for (size_t i = 0; i < mods.size(); ++i) t.sql += (i ? ", " : "") + std::to_string(mods[i]);
            t.sql += ")";
        }
        if (names.size() == 1 && (name == "vector" || name == "geometry" || name == "citext")) t.sql = upper(t.sql);
    }
    size_t dims = type_name.value("arrayBounds", json::array()).size();
    if (dims == 0) t.python = python_of(t.sql);
    for (size_t i = 0; i < dims; ++i) t.sql += "[]";
    return t;
}

// --- Ops ------------------------------------------------------------------------------------

namespace {

using schema::Op;

int min_location(const json& node) {
    int best = -1;
    if (node.is_object()) {
        if (auto it = node.find("location"); it != node.end() && it->is_number_integer()) {
            int loc = it->get<int>();
            if (loc >= 0) best = loc;
        }
        for (const auto& [key, value] : node.items()) {
            int loc = min_location(value);
            if (loc >= 0 && (best < 0 || loc < best)) best = loc;
        }
    } else if (node.is_array()) {
        for (const auto& value : node) {
            int loc = min_location(value);
            if (loc >= 0 && (best < 0 || loc < best)) best = loc;
        }
    }
    return best;
}

std::string trim(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && is_space(s[b])) ++b;
    while (e > b && is_space(s[e - 1])) --e;
    return std::string(s.substr(b, e - b));
}

std::vector<std::string> string_list(const json& list) {
    std::vector<std::string> out;
    for (const auto& n : list) out.push_back(string_value(n));
    return out;
}

schema::Name name_of(const json& node, const char* key) { return schema::Name{node.value(key, ""), false}; }

class Converter {
public:
    Converter(const SqlStatement& stmt, Diagnostics& diags, const schema::Schema* current)
        : m_stmt(stmt), m_sql(stmt.text), m_diags(diags), m_current(current) {}

    schema::Ops run() {
        // Expression text needs locations, which SqlStatement::tree does not keep: read the
        // statement again, on its own, so that locations index `m_sql`.
        PgQueryParseResult result = pg_query_parse(m_sql.c_str());
        if (result.error) {
            pg_query_free_parse_result(result);
            unsupported(m_stmt.kind.empty() ? "unparsable statement" : m_stmt.kind);
            return {};
        }
        json tree = json::parse(result.parse_tree);
        pg_query_free_parse_result(result);
        json stmts = tree.value("stmts", json::array());
        if (stmts.size() != 1 || !stmts[0].contains("stmt")) {
            unsupported(m_stmt.kind.empty() ? "not one statement" : m_stmt.kind);
            return {};
        }
        const json& stmt = stmts[0]["stmt"];
        std::string kind = stmt.begin().key();
        const json& node = stmt.begin().value();
        if (kind == "CreateStmt") create_table(node);
        else if (kind == "AlterTableStmt" && node.value("objtype", "") == "OBJECT_TABLE") alter_table(node);
        else if (kind == "IndexStmt") create_index(node);
        else if (kind == "DropStmt") drop(node);
        else if (kind == "CreateEnumStmt") create_enum(node);
        else if (kind == "AlterEnumStmt") alter_enum(node);
        else if (kind == "RenameStmt") rename(node);
        else unsupported(kind);
        return std::move(m_ops);
    }

private:
    void unsupported(const std::string& what) {
        Diagnostic d;
        d.severity = Severity::warning;
        d.stage = "sql";
        d.message = "cannot replay this SQL statically: " + what;
        d.help = "write the change as Alembic ops, or check the resulting schema against a database";
        m_diags.push_back(std::move(d));
    }

    template <class T> void emit(T value) { m_ops.push_back(Op{schema::OpValue{std::move(value)}, {}, 0, 0}); }

    // The expression starting at `begin`: up to `bound` (the next clause's location, or -1),
    // a ',' or ')' outside parentheses, or a ';'.
    std::string expr_text(int begin, int bound) const {
        if (begin < 0) return "";
        std::string_view s = m_sql;
        size_t end = bound < 0 ? s.size() : std::min(s.size(), static_cast<size_t>(bound));
        size_t i = static_cast<size_t>(begin);
        int depth = 0;
        while (i < end) {
            char c = s[i];
            if (size_t j = skip_token(s, i); j != i) {
                i = j;
                continue;
            }
            if (c == '(' || c == '[') {
                ++depth;
            } else if (c == ')' || c == ']') {
                if (depth == 0) break;
                --depth;
            } else if ((c == ',' && depth == 0) || c == ';') {
                break;
            }
            ++i;
        }
        return trim(s.substr(begin, std::min(i, end) - begin));
    }

    std::string expr_text(const json& expr, int bound) const { return expr_text(min_location(expr), bound); }

    // The text inside the first parenthesis at or after `from`: CHECK (...), AS (...) STORED.
    std::string paren_body(int from) const {
        std::string_view s = m_sql;
        size_t i = from < 0 ? 0 : static_cast<size_t>(from);
        while (i < s.size() && s[i] != '(') {
            size_t j = skip_token(s, i);
            i = j == i ? i + 1 : j;
        }
        if (i >= s.size()) return "";
        return expr_text(static_cast<int>(i + 1), -1);
    }

    std::optional<schema::ServerDefault> default_of(const json& expr, int bound) const {
        if (expr.contains("A_Const")) {
            const json& c = expr["A_Const"];
            if (c.value("isnull", false)) return std::nullopt;
            if (c.contains("sval"))
                return schema::ServerDefault{schema::ServerDefault::Kind::literal, c["sval"].value("sval", "")};
        }
        return schema::ServerDefault{schema::ServerDefault::Kind::sql, expr_text(expr, bound)};
    }

    // A constraint written in a table's element list or on a column (`column` set), added to
    // `table`. False when the schema cannot hold it.
    bool add_constraint(schema::Table& table, const json& c, const std::string& column) {
        std::string type = c.value("contype", "");
        std::vector<std::string> own = column.empty() ? std::vector<std::string>{} : std::vector<std::string>{column};
        if (type == "CONSTR_PRIMARY") {
            schema::PrimaryKey pk{name_of(c, "conname"), column.empty() ? string_list(c.value("keys", json::array())) : own, {}};
            table.primary_key = pk;
            for (const auto& k : pk.columns)
                if (auto* col = table.find_column(k)) col->nullable = false;
        } else if (type == "CONSTR_UNIQUE") {
            table.unique_constraints.push_back(
                {name_of(c, "conname"), column.empty() ? string_list(c.value("keys", json::array())) : own, {}, 0});
        } else if (type == "CONSTR_FOREIGN") {
            schema::ForeignKey fk;
            fk.name = name_of(c, "conname");
            fk.columns = column.empty() ? string_list(c.value("fk_attrs", json::array())) : own;
            const json& target = c.value("pktable", json::object());
            fk.ref_schema = target.value("schemaname", "");
            fk.ref_table = target.value("relname", "");
            fk.ref_columns = string_list(c.value("pk_attrs", json::array()));
            fk.ondelete = action(c.value("fk_del_action", "a"));
            fk.onupdate = action(c.value("fk_upd_action", "a"));
            if (c.value("deferrable", false)) fk.deferrable = true;
            if (c.value("initdeferred", false)) fk.initially = "DEFERRED";
            std::string match = c.value("fk_matchtype", "s");
            fk.match = match == "f" ? "FULL" : match == "p" ? "PARTIAL" : "";
            table.foreign_keys.push_back(std::move(fk));
        } else if (type == "CONSTR_CHECK") {
            table.check_constraints.push_back({name_of(c, "conname"), check_text(c), {}, 0});
        } else {
            return false;
        }
        return true;
    }

    static std::string action(const std::string& code) {
        if (code == "r") return "RESTRICT";
        if (code == "c") return "CASCADE";
        if (code == "n") return "SET NULL";
        if (code == "d") return "SET DEFAULT";
        return "";  // 'a': NO ACTION, the default
    }

    std::string check_text(const json& c) const {
        // The constraint's location is at CONSTRAINT or CHECK; the expression is the
        // parenthesis after CHECK (a parenthesised name cannot come first: names are identifiers).
        int loc = c.value("location", -1);
        int expr = min_location(c.value("raw_expr", json()));
        return paren_body(loc >= 0 ? loc : expr);
    }

    // Adds the column (and the constraints written on it) to `table`.
    void add_column(schema::Table& table, const json& def, std::vector<std::string>& skipped) {
        schema::Column col;
        col.name = def.value("colname", "");
        bool serial = false;
        col.type = sql_type_from_tree(def.value("typeName", json::object()), &serial);
        if (serial) col.autoincrement = schema::Autoincrement::yes;
        table.columns.push_back(col);
        json constraints = def.value("constraints", json::array());
        for (size_t k = 0; k < constraints.size(); ++k) {
            const json& c = constraints[k].value("Constraint", json::object());
            int bound = k + 1 < constraints.size() ? min_location(constraints[k + 1]) : -1;
            std::string type = c.value("contype", "");
            schema::Column& added = table.columns.back();
            if (type == "CONSTR_NOTNULL") {
                added.nullable = false;
            } else if (type == "CONSTR_NULL") {
                added.nullable = true;
            } else if (type == "CONSTR_DEFAULT") {
                added.server_default = default_of(c.value("raw_expr", json::object()), bound);
            } else if (type == "CONSTR_IDENTITY") {
                schema::Identity identity;
                identity.always = c.value("generated_when", "") == "a";
                for (const auto& o : c.value("options", json::array())) {
                    const json& e = o.value("DefElem", json::object());
                    const json& arg = e.value("arg", json::object());
                    if (!arg.contains("Integer")) continue;
                    long long v = arg["Integer"].value("ival", 0LL);
                    if (e.value("defname", "") == "start") identity.start = v;
                    if (e.value("defname", "") == "increment") identity.increment = v;
                }
                added.identity = identity;
                added.nullable = false;  // PostgreSQL makes identity columns NOT NULL
            } else if (type == "CONSTR_GENERATED") {
                added.computed = paren_body(c.value("location", -1));
            } else if (!add_constraint(table, c, col.name)) {
                skipped.push_back(type);
            }
        }
    }

    // PostgreSQL creates a sequence only for serial and identity columns: an integer primary
    // key written as plain INTEGER has none, which SQLAlchemy spells autoincrement=False.
    static void settle_autoincrement(schema::Table& table) {
        if (!table.primary_key || table.primary_key->columns.size() != 1) return;
        schema::Column* col = table.find_column(table.primary_key->columns[0]);
        if (!col || col->autoincrement != schema::Autoincrement::auto_ || col->identity) return;
        if (col->type.sql == "INTEGER" || col->type.sql == "BIGINT" || col->type.sql == "SMALLINT")
            col->autoincrement = schema::Autoincrement::no;
    }

    void create_table(const json& node) {
        schema::Table table;
        const json& rel = node.value("relation", json::object());
        table.schema = rel.value("schemaname", "");
        table.name = rel.value("relname", "");
        std::vector<std::string> skipped;
        for (const auto& e : node.value("tableElts", json::array())) {
            if (e.contains("ColumnDef")) add_column(table, e["ColumnDef"], skipped);
            else if (e.contains("Constraint") && add_constraint(table, e["Constraint"], "")) continue;
            else skipped.push_back(e.contains("Constraint") ? e["Constraint"].value("contype", "") : e.begin().key());
        }
        for (const char* key : {"inhRelations", "partspec", "ofTypename", "options"})
            if (node.contains(key) && !node[key].empty()) skipped.push_back(key);
        settle_autoincrement(table);
        emit(schema::CreateTable{std::move(table)});
        if (!skipped.empty()) unsupported("CreateStmt (" + join(skipped) + ")");
    }

    static std::string join(const std::vector<std::string>& parts) {
        std::string out;
        for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
        return out;
    }

    const schema::Table* current_table(const std::string& schema_name, const std::string& name) const {
        return m_current ? m_current->find_table(name, schema_name) : nullptr;
    }

    schema::AlterColumn alter(const std::string& schema_name, const std::string& table, const std::string& column) const {
        schema::AlterColumn a;
        a.schema = schema_name;
        a.table = table;
        a.column = column;
        if (const schema::Table* t = current_table(schema_name, table))
            if (const schema::Column* c = t->find_column(column)) {
                a.existing_type = c->type;
                a.existing_nullable = c->nullable;
                a.existing_server_default = c->server_default;
                a.existing_comment = c->comment;
            }
        return a;
    }

    void emit_constraints(const schema::Table& t, const std::string& schema_name, const std::string& table) {
        if (t.primary_key) emit(schema::CreatePrimaryKey{schema_name, table, *t.primary_key});
        for (const auto& u : t.unique_constraints) emit(schema::CreateUniqueConstraint{schema_name, table, u});
        for (const auto& f : t.foreign_keys) emit(schema::CreateForeignKey{schema_name, table, f});
        for (const auto& c : t.check_constraints) emit(schema::CreateCheckConstraint{schema_name, table, c});
    }

    void alter_table(const json& node) {
        const json& rel = node.value("relation", json::object());
        std::string sch = rel.value("schemaname", "");
        std::string table = rel.value("relname", "");
        std::vector<std::string> skipped;
        for (const auto& item : node.value("cmds", json::array())) {
            const json& cmd = item.value("AlterTableCmd", json::object());
            std::string subtype = cmd.value("subtype", "");
            std::string column = cmd.value("name", "");
            const json def = cmd.value("def", json());
            if (subtype == "AT_AddColumn" && def.is_object() && def.contains("ColumnDef")) {
                schema::Table scratch;
                add_column(scratch, def["ColumnDef"], skipped);
                emit(schema::AddColumn{sch, table, scratch.columns[0]});
                emit_constraints(scratch, sch, table);
            } else if (subtype == "AT_DropColumn") {
                schema::Column col;
                col.name = column;
                if (const schema::Table* t = current_table(sch, table))
                    if (const schema::Column* c = t->find_column(column)) col = *c;
                emit(schema::DropColumn{sch, table, col});
            } else if (subtype == "AT_AlterColumnType" && def.is_object() && def.contains("ColumnDef")) {
                schema::AlterColumn a = alter(sch, table, column);
                a.type = sql_type_from_tree(def["ColumnDef"].value("typeName", json::object()));
                if (def["ColumnDef"].contains("raw_default")) a.postgresql_using = expr_text(def["ColumnDef"]["raw_default"], -1);
                emit(std::move(a));
            } else if (subtype == "AT_SetNotNull" || subtype == "AT_DropNotNull") {
                schema::AlterColumn a = alter(sch, table, column);
                a.nullable = subtype == "AT_DropNotNull";
                emit(std::move(a));
            } else if (subtype == "AT_ColumnDefault") {
                schema::AlterColumn a = alter(sch, table, column);
                a.server_default = def.is_object() ? default_of(def, -1) : std::nullopt;
                emit(std::move(a));
            } else if (subtype == "AT_AddConstraint" && def.is_object() && def.contains("Constraint")) {
                schema::Table scratch;
                if (add_constraint(scratch, def["Constraint"], "")) emit_constraints(scratch, sch, table);
                else skipped.push_back("ADD " + def["Constraint"].value("contype", ""));
            } else {
                skipped.push_back(subtype);
            }
        }
        if (!skipped.empty()) unsupported("AlterTableStmt (" + join(skipped) + ")");
    }

    void create_index(const json& node) {
        const json& rel = node.value("relation", json::object());
        schema::CreateIndex op;
        op.schema = rel.value("schemaname", "");
        op.table = rel.value("relname", "");
        op.index.name = name_of(node, "idxname");
        op.index.unique = node.value("unique", false);
        std::string method = node.value("accessMethod", "btree");
        if (method != "btree") op.index.using_method = method;
        for (const auto& p : node.value("indexParams", json::array())) {
            const json& e = p.value("IndexElem", json::object());
            if (e.contains("name")) op.index.elements.push_back({e.value("name", ""), false});
            else op.index.elements.push_back({expr_text(e.value("expr", json()), -1), true});
        }
        for (const auto& p : node.value("indexIncludingParams", json::array()))
            op.index.include.push_back(p.value("IndexElem", json::object()).value("name", ""));
        if (node.contains("whereClause")) op.index.where = expr_text(node["whereClause"], -1);
        emit(std::move(op));
    }

    void drop(const json& node) {
        std::string type = node.value("removeType", "");
        for (const auto& o : node.value("objects", json::array())) {
            std::vector<std::string> parts = name_parts(o);
            std::string name = parts.back();
            std::string sch = parts.size() > 1 ? parts[parts.size() - 2] : "";
            if (type == "OBJECT_TABLE") {
                schema::Table t;
                t.schema = sch;
                t.name = name;
                if (const schema::Table* found = current_table(sch, name)) t = *found;
                emit(schema::DropTable{std::move(t)});
            } else if (type == "OBJECT_INDEX") {
                schema::DropIndex op;
                op.schema = sch;
                op.index.name = schema::Name{name, false};
                if (m_current)
                    for (const auto& t : m_current->tables) {
                        if (t.schema != sch) continue;
                        for (const auto& ix : t.indexes)
                            if (ix.name.value == name) {
                                op.table = t.name;
                                op.index = ix;
                            }
                    }
                emit(std::move(op));
            } else if (type == "OBJECT_TYPE") {
                schema::EnumType e;
                e.schema = sch;
                e.name = name;
                if (m_current)
                    if (const schema::EnumType* found = m_current->find_enum(name, sch)) e = *found;
                emit(schema::DropEnum{std::move(e)});
            } else {
                unsupported("DropStmt (DROP " + object_type_name(type) + ")");
                return;
            }
        }
    }

    void create_enum(const json& node) {
        std::vector<std::string> parts = string_list(node.value("typeName", json::array()));
        schema::EnumType e;
        e.name = parts.empty() ? "" : parts.back();
        e.schema = parts.size() > 1 ? parts[parts.size() - 2] : "";
        e.values = string_list(node.value("vals", json::array()));
        emit(schema::CreateEnum{std::move(e)});
    }

    void alter_enum(const json& node) {
        if (node.contains("oldVal")) {
            unsupported("AlterEnumStmt (RENAME VALUE)");
            return;
        }
        std::vector<std::string> parts = string_list(node.value("typeName", json::array()));
        std::string name = parts.empty() ? "" : parts.back();
        std::string sch = parts.size() > 1 ? parts[parts.size() - 2] : "";
        const schema::EnumType* found = m_current ? m_current->find_enum(name, sch) : nullptr;
        if (!found) {
            unsupported("AlterEnumStmt (ADD VALUE to a type whose values are not known)");
            return;
        }
        std::string value = node.value("newVal", "");
        schema::AlterEnum op{*found, *found, {}};
        auto& values = op.to.values;
        if (std::find(values.begin(), values.end(), value) != values.end()) {
            // ADD VALUE IF NOT EXISTS of a present value does nothing; without IF NOT EXISTS
            // PostgreSQL refuses it, which replay cannot express either.
            if (!node.value("skipIfNewValExists", false)) unsupported("AlterEnumStmt (ADD VALUE of an existing value)");
            return;
        }
        auto pos = values.end();
        if (node.contains("newValNeighbor")) {
            pos = std::find(values.begin(), values.end(), node.value("newValNeighbor", ""));
            if (pos == values.end()) {
                unsupported("AlterEnumStmt (ADD VALUE next to an unknown value)");
                return;
            }
            if (node.value("newValIsAfter", false)) ++pos;
        }
        values.insert(pos, value);
        if (m_current)
            for (const auto& t : m_current->tables)
                for (const auto& c : t.columns)
                    if (c.type.enum_name == name && c.type.enum_schema == sch) op.columns.push_back({t.schema, t.name, c.name});
        emit(std::move(op));
    }

    void rename(const json& node) {
        std::string type = node.value("renameType", "");
        const json& rel = node.value("relation", json::object());
        std::string sch = rel.value("schemaname", "");
        std::string table = rel.value("relname", "");
        if (type == "OBJECT_TABLE") {
            emit(schema::RenameTable{sch, table, node.value("newname", "")});
        } else if (type == "OBJECT_COLUMN" && node.value("relationType", "") == "OBJECT_TABLE") {
            schema::AlterColumn a = alter(sch, table, node.value("subname", ""));
            a.new_name = node.value("newname", "");
            emit(std::move(a));
        } else {
            unsupported("RenameStmt (RENAME " + object_type_name(type) + ")");
        }
    }

    const SqlStatement& m_stmt;
    std::string m_sql;
    Diagnostics& m_diags;
    const schema::Schema* m_current;
    schema::Ops m_ops;
};

}  // namespace

schema::Ops ops_from_sql(const SqlStatement& statement, Diagnostics& diags, const schema::Schema* current) {
    return Converter(statement, diags, current).run();
}

}  // namespace mig_guard::sql
