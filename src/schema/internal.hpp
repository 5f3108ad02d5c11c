// Helpers shared by diff, replay and reverse; not part of the public contract.
#pragma once

#include <string>
#include <vector>

#include "mig_guard/schema/ops.hpp"
#include "mig_guard/schema/schema.hpp"

namespace mig_guard::schema::detail {

// Server default and SQL text identity: whitespace runs collapsed, outer parentheses that
// wrap the whole text removed ("(now())" and "now()" are the same default).
std::string normalize_sql(const std::string& text);
bool same_default(const std::optional<ServerDefault>& a, const std::optional<ServerDefault>& b);

bool in_primary_key(const Table& table, const std::string& column);
// PostgreSQL's view: a primary-key column is NOT NULL whatever the model says.
bool effective_nullable(const Table& table, const Column& column);

std::vector<std::string> index_column_names(const Index& index);

// The name PostgreSQL knows the constraint by: its own, or the one PostgreSQL chooses.
std::string effective_name(const Table& table, const PrimaryKey& pk);
std::string effective_name(const Table& table, const UniqueConstraint& uq);
std::string effective_name(const Table& table, const ForeignKey& fk);
std::string effective_name(const Table& table, const CheckConstraint& ck);
std::string effective_name(const Table& table, const Index& ix);

bool same_index(const Index& a, const Index& b);
bool same_foreign_key(const ForeignKey& a, const ForeignKey& b);  // options included
bool same_fk_target(const ForeignKey& a, const ForeignKey& b);    // columns and referenced

std::string join(const std::vector<std::string>& items, const std::string& sep);
std::string qualified(const std::string& schema, const std::string& name);

}  // namespace mig_guard::schema::detail
