// One function per rule, each defined in its own file; listed once in registry.cpp.
#pragma once

#include "mig_guard/lint/rule.hpp"

namespace mig_guard::lint::rules {

const Rule& mg101_missing_migration();
const Rule& mg102_unreviewed_revision();
const Rule& mg103_applied_revision_edited();
const Rule& mg104_multiple_heads();
const Rule& mg105_broken_revision_graph();
const Rule& mg106_empty_revision();
const Rule& mg107_irreversible_downgrade();
const Rule& mg201_missing_import();
const Rule& mg202_opaque_code();
const Rule& mg203_python_syntax_error();
const Rule& mg301_manual_sql();
const Rule& mg302_destructive_sql();
const Rule& mg401_drop_table();
const Rule& mg402_drop_column();
const Rule& mg403_narrowing_type_change();
const Rule& mg404_enum_value_removed();
const Rule& mg501_rename_table();
const Rule& mg502_rename_column();
const Rule& mg503_add_not_null_without_default();
const Rule& mg504_set_not_null();
const Rule& mg505_add_unique_to_existing();
const Rule& mg601_index_not_concurrent();
const Rule& mg602_foreign_key_not_valid();
const Rule& mg603_column_type_rewrite();
const Rule& mg701_enum_type_not_created();
const Rule& mg702_enum_type_left_behind();
const Rule& mg703_unnamed_constraint_drop();
const Rule& mg704_use_alter_foreign_key_dropped();

}  // namespace mig_guard::lint::rules
