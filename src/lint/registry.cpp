// The rule catalog: one line per rule (SPEC section 7), ordered by code.
#include "rules/rules.hpp"

namespace mig_guard::lint {

const std::vector<Rule>& registry() {
    using namespace rules;
    static const std::vector<Rule> table{
        mg101_missing_migration(),
        mg102_unreviewed_revision(),
        mg103_applied_revision_edited(),
        mg104_multiple_heads(),
        mg105_broken_revision_graph(),
        mg106_empty_revision(),
        mg107_irreversible_downgrade(),
        mg201_missing_import(),
        mg202_opaque_code(),
        mg203_python_syntax_error(),
        mg301_manual_sql(),
        mg302_destructive_sql(),
        mg401_drop_table(),
        mg402_drop_column(),
        mg403_narrowing_type_change(),
        mg404_enum_value_removed(),
        mg501_rename_table(),
        mg502_rename_column(),
        mg503_add_not_null_without_default(),
        mg504_set_not_null(),
        mg505_add_unique_to_existing(),
        mg601_index_not_concurrent(),
        mg602_foreign_key_not_valid(),
        mg603_column_type_rewrite(),
        mg701_enum_type_not_created(),
        mg702_enum_type_left_behind(),
        mg703_unnamed_constraint_drop(),
        mg704_use_alter_foreign_key_dropped(),
    };
    return table;
}

}  // namespace mig_guard::lint
