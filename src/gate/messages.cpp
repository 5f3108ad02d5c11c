// Words for ops: the message of a generated revision, and the callouts a reviewer must see.
#include <algorithm>
#include <set>
#include <variant>
#include <string>

#include "mig_guard/gate/gate.hpp"

namespace mig_guard::gate {

namespace {

std::string qualified(const std::string& schema, const std::string& name) {
    return schema.empty() ? name : schema + "." + name;
}

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

// A short phrase per op for a revision message, or empty for ops not worth naming.
std::string phrase(const schema::Op& op) {
    using namespace schema;
    return std::visit(
        Overloaded{
            [](const CreateTable& o) { return "create " + qualified(o.table.schema, o.table.name) + " table"; },
            [](const DropTable& o) { return "drop " + qualified(o.table.schema, o.table.name) + " table"; },
            [](const RenameTable& o) { return "rename " + o.old_name + " to " + o.new_name; },
            [](const AddColumn& o) { return "add " + o.column.name + " to " + qualified(o.schema, o.table); },
            [](const DropColumn& o) { return "drop " + o.column.name + " from " + qualified(o.schema, o.table); },
            [](const AlterColumn& o) {
                if (o.new_name) return "rename " + o.table + "." + o.column + " to " + *o.new_name;
                return "alter " + o.table + "." + o.column;
            },
            [](const CreateIndex& o) { return "index " + qualified(o.schema, o.table); },
            [](const DropIndex& o) { return "drop index " + final_name(o.index.name); },
            [](const CreateUniqueConstraint& o) { return "unique constraint on " + o.table; },
            [](const CreateForeignKey& o) { return "foreign key from " + o.table + " to " + o.constraint.ref_table; },
            [](const CreateCheckConstraint& o) { return "check constraint on " + o.table; },
            [](const CreatePrimaryKey& o) { return "primary key of " + o.table; },
            [](const DropConstraint& o) { return "drop constraint " + final_name(o.name); },
            [](const CreateEnum& o) { return "create enum " + o.type.name; },
            [](const DropEnum& o) { return "drop enum " + o.type.name; },
            [](const AlterEnum& o) { return "change enum " + o.to.name; },
            [](const CreateTableComment& o) { return "comment on " + o.table; },
            [](const DropTableComment& o) { return "comment on " + o.table; },
            [](const Execute&) { return std::string("run SQL"); },
            [](const Opaque&) { return std::string("custom code"); },
        },
        op.value);
}

}  // namespace

std::string message_for(const schema::Ops& ops) {
    // Merge "add a to t" + "add b to t" into "add a and b to t": what a person would write.
    std::vector<std::string> phrases;
    std::vector<std::pair<std::string, std::vector<std::string>>> adds;  // table -> columns
    for (const auto& op : ops) {
        if (const auto* add = op.as<schema::AddColumn>()) {
            std::string table = qualified(add->schema, add->table);
            auto it = std::find_if(adds.begin(), adds.end(), [&](const auto& a) { return a.first == table; });
            if (it == adds.end()) {
                adds.push_back({table, {add->column.name}});
                phrases.push_back("\x01" + table);  // placeholder, filled below in order
            } else {
                it->second.push_back(add->column.name);
            }
            continue;
        }
        // Enum types created for a new table or column are part of that change.
        if (op.is<schema::CreateEnum>() || op.is<schema::CreateIndex>()) continue;
        std::string p = phrase(op);
        if (std::find(phrases.begin(), phrases.end(), p) == phrases.end()) phrases.push_back(p);
    }
    for (auto& p : phrases) {
        if (p.empty() || p[0] != '\x01') continue;
        std::string table = p.substr(1);
        auto it = std::find_if(adds.begin(), adds.end(), [&](const auto& a) { return a.first == table; });
        std::string cols;
        for (size_t i = 0; i < it->second.size(); ++i) {
            if (i) cols += i + 1 == it->second.size() ? " and " : ", ";
            cols += it->second[i];
        }
        p = "add " + cols + " to " + table;
    }
    if (phrases.empty() && !ops.empty()) phrases.push_back(phrase(ops.front()));
    if (phrases.empty()) return "empty revision";
    std::string out = phrases[0];
    if (phrases.size() == 2) out += " and " + phrases[1];
    if (phrases.size() > 2) out += " and " + std::to_string(phrases.size() - 1) + " more changes";
    return out;
}

std::vector<std::string> callouts(const schema::Ops& ops) {
    using namespace schema;
    std::vector<std::string> out;
    for (const auto& op : ops) {
        if (const auto* o = op.as<DropTable>()) {
            out.push_back("drops table " + qualified(o->table.schema, o->table.name) + " and every row in it");
        } else if (const auto* o = op.as<DropColumn>()) {
            out.push_back("drops column " + qualified(o->schema, o->table) + "." + o->column.name + " and its data");
        } else if (const auto* o = op.as<AlterColumn>()) {
            std::string col = qualified(o->schema, o->table) + "." + o->column;
            if (o->type)
                out.push_back("changes the type of " + col + " from " +
                              (o->existing_type.sql.empty() ? o->existing_type.python : o->existing_type.sql) +
                              " to " + (o->type->sql.empty() ? o->type->python : o->type->sql) +
                              ": existing values are converted or the upgrade fails");
            if (o->nullable && !*o->nullable)
                out.push_back("sets " + col + " NOT NULL: fails if any row holds NULL");
            if (o->new_name) out.push_back("renames " + col + " to " + *o->new_name + ": running code still uses the old name");
        } else if (const auto* o = op.as<AddColumn>()) {
            if (!o->column.nullable && !o->column.server_default && !o->column.identity && !o->column.computed)
                out.push_back("adds NOT NULL column " + qualified(o->schema, o->table) + "." + o->column.name +
                              " without a server default: fails on a table that has rows");
        } else if (const auto* o = op.as<CreateUniqueConstraint>()) {
            out.push_back("adds a unique constraint to " + qualified(o->schema, o->table) +
                          ": fails if existing rows hold duplicates");
        } else if (const auto* o = op.as<RenameTable>()) {
            out.push_back("renames table " + o->old_name + " to " + o->new_name + ": running code still uses the old name");
        } else if (const auto* o = op.as<AlterEnum>()) {
            for (const auto& v : o->from.values)
                if (std::find(o->to.values.begin(), o->to.values.end(), v) == o->to.values.end())
                    out.push_back("removes value '" + v + "' from enum " + o->to.name + ": rows holding it fail the upgrade");
        } else if (op.is<Execute>()) {
            out.push_back("runs hand-written SQL");
        } else if (const auto* o = op.as<Opaque>()) {
            out.push_back("runs code mig-guard cannot read statically (" + o->reason + ")");
        }
    }
    return out;
}

}  // namespace mig_guard::gate
