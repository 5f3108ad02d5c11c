#include "mig_guard/schema/json.hpp"

#include "internal.hpp"

namespace mig_guard::schema {

namespace {

using nlohmann::json;
using detail::join;
using detail::qualified;

void put_location(json& j, const SourceLocation& loc, JsonOptions options) {
    if (options.locations && (loc.known() || !loc.file.empty())) j["location"] = loc.str();
}

void put_name(json& j, const Name& name) {
    j["name"] = name.empty() ? json(nullptr) : json(name.value);
    j["conv"] = name.conv;
}

json type_json(const SqlType& t) {
    json j{{"sql", t.sql}, {"python", t.python}, {"imports", t.imports}};
    if (!t.enum_name.empty()) j["enum"] = json{{"name", t.enum_name}, {"schema", t.enum_schema}};
    return j;
}

json default_json(const ServerDefault& d) {
    return json{{"kind", d.kind == ServerDefault::Kind::literal ? "literal" : "sql"}, {"text", d.text}};
}

const char* autoincrement_name(Autoincrement a) {
    switch (a) {
    case Autoincrement::auto_: return "auto";
    case Autoincrement::yes: return "yes";
    case Autoincrement::no: return "no";
    }
    return "auto";
}

json pk_json(const PrimaryKey& pk, JsonOptions o) {
    json j{{"columns", pk.columns}};
    put_name(j, pk.name);
    put_location(j, pk.location, o);
    return j;
}

json fk_json(const ForeignKey& fk, JsonOptions o) {
    json j{{"columns", fk.columns},   {"ref_schema", fk.ref_schema}, {"ref_table", fk.ref_table},
           {"ref_columns", fk.ref_columns}, {"ondelete", fk.ondelete},     {"onupdate", fk.onupdate},
           {"initially", fk.initially}, {"match", fk.match}};
    if (fk.deferrable) j["deferrable"] = *fk.deferrable;
    put_name(j, fk.name);
    put_location(j, fk.location, o);
    return j;
}

json unique_json(const UniqueConstraint& uq, JsonOptions o) {
    json j{{"columns", uq.columns}};
    put_name(j, uq.name);
    put_location(j, uq.location, o);
    return j;
}

json check_json(const CheckConstraint& ck, JsonOptions o) {
    json j{{"sqltext", ck.sqltext}};
    put_name(j, ck.name);
    put_location(j, ck.location, o);
    return j;
}

json index_json(const Index& ix, JsonOptions o) {
    json elements = json::array();
    for (const auto& e : ix.elements) elements.push_back(json{{"text", e.text}, {"expression", e.expression}});
    json j{{"elements", elements}, {"unique", ix.unique}, {"where", ix.where}, {"using", ix.using_method},
           {"include", ix.include}};
    put_name(j, ix.name);
    put_location(j, ix.location, o);
    return j;
}

json enum_json(const EnumType& e, JsonOptions o) {
    json j{{"name", e.name}, {"schema", e.schema}, {"values", e.values}};
    put_location(j, e.location, o);
    return j;
}

json opt_default(const std::optional<ServerDefault>& d) { return d ? default_json(*d) : json(nullptr); }
json opt_string(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

const char* kind_name(ConstraintKind k) {
    switch (k) {
    case ConstraintKind::unique: return "unique";
    case ConstraintKind::foreign_key: return "foreign_key";
    case ConstraintKind::check: return "check";
    case ConstraintKind::primary_key: return "primary_key";
    }
    return "unique";
}

struct OpJson {
    JsonOptions o;
    json operator()(const CreateTable& op) const { return {{"table", to_json(op.table, o)}}; }
    json operator()(const DropTable& op) const { return {{"table", to_json(op.table, o)}}; }
    json operator()(const RenameTable& op) const {
        return {{"schema", op.schema}, {"old_name", op.old_name}, {"new_name", op.new_name}};
    }
    json operator()(const AddColumn& op) const {
        return {{"schema", op.schema}, {"table", op.table}, {"column", to_json(op.column, o)}};
    }
    json operator()(const DropColumn& op) const {
        return {{"schema", op.schema}, {"table", op.table}, {"column", to_json(op.column, o)}};
    }
    json operator()(const AlterColumn& op) const {
        json j{{"schema", op.schema},
               {"table", op.table},
               {"column", op.column},
               {"existing_type", type_json(op.existing_type)},
               {"existing_nullable", op.existing_nullable}};
        if (op.existing_server_default) j["existing_server_default"] = default_json(*op.existing_server_default);
        if (op.existing_comment) j["existing_comment"] = *op.existing_comment;
        // A change that removes a default or comment is null; an unchanged one is absent.
        if (op.type) j["type"] = type_json(*op.type);
        if (op.nullable) j["nullable"] = *op.nullable;
        if (op.server_default) j["server_default"] = opt_default(*op.server_default);
        if (op.comment) j["comment"] = opt_string(*op.comment);
        if (op.new_name) j["new_name"] = *op.new_name;
        if (!op.postgresql_using.empty()) j["postgresql_using"] = op.postgresql_using;
        return j;
    }
    json operator()(const CreateIndex& op) const {
        return {{"schema", op.schema}, {"table", op.table}, {"index", index_json(op.index, o)}};
    }
    json operator()(const DropIndex& op) const {
        return {{"schema", op.schema}, {"table", op.table}, {"index", index_json(op.index, o)}};
    }
    json operator()(const CreateUniqueConstraint& op) const {
        return {{"schema", op.schema}, {"table", op.table}, {"constraint", unique_json(op.constraint, o)}};
    }
    json operator()(const CreateForeignKey& op) const {
        return {{"schema", op.schema}, {"table", op.table}, {"constraint", fk_json(op.constraint, o)}};
    }
    json operator()(const CreateCheckConstraint& op) const {
        return {{"schema", op.schema}, {"table", op.table}, {"constraint", check_json(op.constraint, o)}};
    }
    json operator()(const CreatePrimaryKey& op) const {
        return {{"schema", op.schema}, {"table", op.table}, {"constraint", pk_json(op.constraint, o)}};
    }
    json operator()(const DropConstraint& op) const {
        json j{{"schema", op.schema}, {"table", op.table}, {"kind", kind_name(op.kind)}};
        put_name(j, op.name);
        struct Def {
            JsonOptions o;
            json operator()(std::monostate) const { return nullptr; }
            json operator()(const UniqueConstraint& c) const { return unique_json(c, o); }
            json operator()(const ForeignKey& c) const { return fk_json(c, o); }
            json operator()(const CheckConstraint& c) const { return check_json(c, o); }
            json operator()(const PrimaryKey& c) const { return pk_json(c, o); }
        };
        if (!std::holds_alternative<std::monostate>(op.definition))
            j["definition"] = std::visit(Def{o}, op.definition);
        return j;
    }
    json operator()(const CreateEnum& op) const { return {{"type", enum_json(op.type, o)}}; }
    json operator()(const DropEnum& op) const { return {{"type", enum_json(op.type, o)}}; }
    json operator()(const AlterEnum& op) const {
        json cols = json::array();
        for (const auto& c : op.columns) cols.push_back(json{{"schema", c.schema}, {"table", c.table}, {"column", c.column}});
        return {{"from", enum_json(op.from, o)}, {"to", enum_json(op.to, o)}, {"columns", cols}};
    }
    json operator()(const CreateTableComment& op) const {
        json j{{"schema", op.schema}, {"table", op.table}, {"comment", op.comment}};
        if (op.existing_comment) j["existing_comment"] = *op.existing_comment;
        return j;
    }
    json operator()(const DropTableComment& op) const {
        json j{{"schema", op.schema}, {"table", op.table}};
        if (op.existing_comment) j["existing_comment"] = *op.existing_comment;
        return j;
    }
    json operator()(const Execute& op) const { return {{"sql", op.sql}}; }
    json operator()(const Opaque& op) const { return {{"source", op.source}, {"reason", op.reason}}; }
};

// ---- describe ---------------------------------------------------------------------------

std::string type_text(const SqlType& t) { return t.sql.empty() ? t.python : t.sql; }

std::string column_text(const Column& c) {
    std::string out = type_text(c.type);
    if (!c.nullable) out += " NOT NULL";
    if (c.server_default) out += " DEFAULT " + c.server_default->to_sql();
    return out;
}

std::string quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += '\'';
        out += c;
    }
    return out + "'";
}

std::string values_text(const std::vector<std::string>& values) {
    std::vector<std::string> quoted;
    for (const auto& v : values) quoted.push_back(quote(v));
    return "(" + join(quoted, ", ") + ")";
}

std::string name_text(const Name& n) { return n.empty() ? std::string("(unnamed)") : n.value; }

std::string index_columns(const Index& ix) {
    std::vector<std::string> parts;
    for (const auto& e : ix.elements) parts.push_back(e.text);
    return "(" + join(parts, ", ") + ")";
}

std::string first_line(const std::string& text, size_t max) {
    std::string s = detail::normalize_sql(text);
    if (s.size() > max) s = s.substr(0, max - 3) + "...";
    return s;
}

struct Describer {
    std::string operator()(const CreateTable& op) const {
        size_t n = op.table.columns.size();
        return "create_table " + op.table.qualified_name() + " (" + std::to_string(n) + (n == 1 ? " column)" : " columns)");
    }
    std::string operator()(const DropTable& op) const { return "drop_table " + op.table.qualified_name(); }
    std::string operator()(const RenameTable& op) const {
        return "rename_table " + qualified(op.schema, op.old_name) + " to " + op.new_name;
    }
    std::string operator()(const AddColumn& op) const {
        return "add_column " + qualified(op.schema, op.table) + "." + op.column.name + " " + column_text(op.column);
    }
    std::string operator()(const DropColumn& op) const {
        return "drop_column " + qualified(op.schema, op.table) + "." + op.column.name;
    }
    std::string operator()(const AlterColumn& op) const {
        std::vector<std::string> changes;
        if (op.type) changes.push_back("type " + type_text(op.existing_type) + " -> " + type_text(*op.type));
        if (op.nullable) changes.push_back(*op.nullable ? "NOT NULL -> NULL" : "NULL -> NOT NULL");
        if (op.server_default) {
            auto text = [](const std::optional<ServerDefault>& d) { return d ? d->to_sql() : std::string("none"); };
            changes.push_back("default " + text(op.existing_server_default) + " -> " + text(*op.server_default));
        }
        if (op.comment) {
            auto text = [](const std::optional<std::string>& c) { return c ? quote(*c) : std::string("none"); };
            changes.push_back("comment " + text(op.existing_comment) + " -> " + text(*op.comment));
        }
        if (op.new_name) changes.push_back("rename to " + *op.new_name);
        std::string out = "alter_column " + qualified(op.schema, op.table) + "." + op.column;
        if (!changes.empty()) out += ": " + join(changes, ", ");
        return out;
    }
    std::string operator()(const CreateIndex& op) const {
        return "create_index " + name_text(op.index.name) + " on " + qualified(op.schema, op.table) + " " +
               index_columns(op.index) + (op.index.unique ? " unique" : "");
    }
    std::string operator()(const DropIndex& op) const {
        std::string out = "drop_index " + name_text(op.index.name);
        if (!op.table.empty()) out += " on " + qualified(op.schema, op.table);
        return out;
    }
    std::string operator()(const CreateUniqueConstraint& op) const {
        return "create_unique_constraint " + name_text(op.constraint.name) + " on " + qualified(op.schema, op.table) +
               " (" + join(op.constraint.columns, ", ") + ")";
    }
    std::string operator()(const CreateForeignKey& op) const {
        const auto& fk = op.constraint;
        std::string out = "create_foreign_key " + name_text(fk.name) + " on " + qualified(op.schema, op.table) + " (" +
                          join(fk.columns, ", ") + ") -> " + qualified(fk.ref_schema, fk.ref_table) + " (" +
                          join(fk.ref_columns, ", ") + ")";
        if (!fk.ondelete.empty()) out += " ON DELETE " + fk.ondelete;
        if (!fk.onupdate.empty()) out += " ON UPDATE " + fk.onupdate;
        return out;
    }
    std::string operator()(const CreateCheckConstraint& op) const {
        return "create_check_constraint " + name_text(op.constraint.name) + " on " + qualified(op.schema, op.table) +
               " CHECK (" + first_line(op.constraint.sqltext, 60) + ")";
    }
    std::string operator()(const CreatePrimaryKey& op) const {
        return "create_primary_key " + name_text(op.constraint.name) + " on " + qualified(op.schema, op.table) + " (" +
               join(op.constraint.columns, ", ") + ")";
    }
    std::string operator()(const DropConstraint& op) const {
        return "drop_constraint " + name_text(op.name) + " on " + qualified(op.schema, op.table) + " (" +
               kind_name(op.kind) + ")";
    }
    std::string operator()(const CreateEnum& op) const {
        return "create_enum " + qualified(op.type.schema, op.type.name) + " " + values_text(op.type.values);
    }
    std::string operator()(const DropEnum& op) const { return "drop_enum " + qualified(op.type.schema, op.type.name); }
    std::string operator()(const AlterEnum& op) const {
        return "alter_enum " + qualified(op.from.schema, op.from.name) + " " + values_text(op.from.values) + " -> " +
               values_text(op.to.values);
    }
    std::string operator()(const CreateTableComment& op) const {
        return "create_table_comment " + qualified(op.schema, op.table) + " " + quote(op.comment);
    }
    std::string operator()(const DropTableComment& op) const {
        return "drop_table_comment " + qualified(op.schema, op.table);
    }
    std::string operator()(const Execute& op) const { return "execute " + first_line(op.sql, 60); }
    std::string operator()(const Opaque& op) const {
        return "opaque code" + (op.reason.empty() ? std::string() : ": " + op.reason);
    }
};

}  // namespace

json to_json(const Column& c, JsonOptions o) {
    json j{{"name", c.name},
           {"type", type_json(c.type)},
           {"nullable", c.nullable},
           {"autoincrement", autoincrement_name(c.autoincrement)}};
    if (c.server_default) j["server_default"] = default_json(*c.server_default);
    if (c.comment) j["comment"] = *c.comment;
    if (c.identity) {
        json id{{"always", c.identity->always}};
        if (c.identity->start) id["start"] = *c.identity->start;
        if (c.identity->increment) id["increment"] = *c.identity->increment;
        j["identity"] = id;
    }
    if (c.computed) j["computed"] = json{{"expression", *c.computed}, {"persisted", c.computed_persisted}};
    put_location(j, c.location, o);
    return j;
}

json to_json(const Table& t, JsonOptions o) {
    json columns = json::array();
    for (const auto& c : t.columns) columns.push_back(to_json(c, o));
    json fks = json::array();
    for (const auto& fk : t.foreign_keys) fks.push_back(fk_json(fk, o));
    json uqs = json::array();
    for (const auto& uq : t.unique_constraints) uqs.push_back(unique_json(uq, o));
    json cks = json::array();
    for (const auto& ck : t.check_constraints) cks.push_back(check_json(ck, o));
    json ixs = json::array();
    for (const auto& ix : t.indexes) ixs.push_back(index_json(ix, o));
    json j{{"name", t.name},         {"schema", t.schema},           {"columns", columns},
           {"foreign_keys", fks},    {"unique_constraints", uqs},    {"check_constraints", cks},
           {"indexes", ixs}};
    if (t.primary_key) j["primary_key"] = pk_json(*t.primary_key, o);
    if (t.comment) j["comment"] = *t.comment;
    put_location(j, t.location, o);
    return j;
}

json to_json(const Schema& s, JsonOptions o) {
    json tables = json::array();
    for (const auto& t : s.tables) tables.push_back(to_json(t, o));
    json enums = json::array();
    for (const auto& e : s.enums) enums.push_back(enum_json(e, o));
    return json{{"tables", tables}, {"enums", enums}};
}

json to_json(const Op& op, JsonOptions o) {
    json j = std::visit(OpJson{o}, op.value);
    j["op"] = op_name(op);
    put_location(j, op.location, o);
    return j;
}

std::string describe(const Op& op) { return std::visit(Describer{}, op.value); }

}  // namespace mig_guard::schema
