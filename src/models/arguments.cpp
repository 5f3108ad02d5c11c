// The argument table. Signatures are SQLAlchemy 2.0's (sql/schema.py, orm/_orm_constructors.py,
// the PostgreSQL dialect's construct_arguments) and the newest SQLModel's (sqlmodel/main.py);
// tests/unit/models/arguments_test.cpp lists them and fails when one keyword is unclassified.
//
// modelled:    the extractor reads it into the schema exactly.
// no_ddl:      changes Python-side behaviour only; CREATE TABLE / CREATE INDEX are the same.
// unsupported: changes the DDL in a way mig-guard does not model; using it is an error.
#include "arguments.hpp"

#include <array>

namespace mig_guard::models::detail {

namespace {

constexpr ArgGroup M = ArgGroup::modelled;
constexpr ArgGroup N = ArgGroup::no_ddl;
constexpr ArgGroup U = ArgGroup::unsupported;

constexpr std::string_view k_other_dialect_reason = "an option of another dialect: no DDL on PostgreSQL";
constexpr std::string_view k_internal = "SQLAlchemy-internal argument";

// C arrays, not `std::array{...}`: clang refuses a deduction guide over more than 256 elements.
constexpr CallableRule k_callables[] = {
    CallableRule{"sa.Column", "Column", k_any},
    CallableRule{"sa.mapped_column", "mapped_column", k_any},
    CallableRule{"sqlmodel.Field", "Field", 1},
    CallableRule{"sqlmodel.Relationship", "Relationship", 0},
    CallableRule{"sa.relationship", "relationship", 2},
    CallableRule{"sa.ForeignKey", "ForeignKey", 1},
    CallableRule{"sa.Index", "Index", k_any},
    CallableRule{"sa.UniqueConstraint", "UniqueConstraint", k_any},
    CallableRule{"sa.PrimaryKeyConstraint", "PrimaryKeyConstraint", k_any},
    CallableRule{"sa.CheckConstraint", "CheckConstraint", 1},
    CallableRule{"sa.ForeignKeyConstraint", "ForeignKeyConstraint", 2},
    CallableRule{"sa.Table", "Table", k_any},
    CallableRule{"sa.Identity", "Identity", 0},
    CallableRule{"sa.Computed", "Computed", 1},
};

constexpr ArgRule k_rules[] = {
    // ---- Column (also the keys of SQLModel's sa_column_kwargs, which become Column(**kwargs))
    ArgRule{"sa.Column", "name", M, "the column's name"},
    ArgRule{"sa.Column", "type_", M, "the column's type"},
    ArgRule{"sa.Column", "autoincrement", M, "SERIAL/IDENTITY choice for an integer primary key"},
    ArgRule{"sa.Column", "default", N, "Python-side default, applied by INSERT statements"},
    ArgRule{"sa.Column", "insert_default", N, "Python-side default (alias of default)"},
    ArgRule{"sa.Column", "doc", N, "docstring of the attribute"},
    ArgRule{"sa.Column", "key", M, "the name constraints and indexes use for the column in Table.c"},
    ArgRule{"sa.Column", "index", M, "CREATE INDEX ix_<table>_<column>"},
    ArgRule{"sa.Column", "unique", M, "UNIQUE constraint (or a unique index with index=True)"},
    ArgRule{"sa.Column", "info", N, "user dictionary"},
    ArgRule{"sa.Column", "nullable", M, "NOT NULL"},
    ArgRule{"sa.Column", "onupdate", N, "Python-side value applied by UPDATE statements"},
    ArgRule{"sa.Column", "primary_key", M, "PRIMARY KEY"},
    ArgRule{"sa.Column", "server_default", M, "DEFAULT clause"},
    ArgRule{"sa.Column", "server_onupdate", N, "FetchedValue marker: tells the ORM the server changes it; no DDL"},
    ArgRule{"sa.Column", "quote", U, "forces or suppresses quoting of the column name, which can change the name"},
    ArgRule{"sa.Column", "system", U, "a system column is left out of CREATE TABLE"},
    ArgRule{"sa.Column", "comment", M, "COMMENT ON COLUMN"},
    ArgRule{"sa.Column", "insert_sentinel", N, "marks the column for insertmanyvalues; no DDL"},
    ArgRule{"sa.Column", "_omit_from_statements", U, k_internal},
    ArgRule{"sa.Column", "_proxies", U, k_internal},
    ArgRule{"sa.Column", k_other_dialects, N, k_other_dialect_reason},

    // ---- mapped_column (SQLAlchemy 2.0 ORM)
    ArgRule{"sa.mapped_column", "init", N, "dataclass __init__ parameter"},
    ArgRule{"sa.mapped_column", "repr", N, "dataclass __repr__"},
    ArgRule{"sa.mapped_column", "default", N, "Python-side default (and dataclass default)"},
    ArgRule{"sa.mapped_column", "default_factory", N, "dataclass default factory"},
    ArgRule{"sa.mapped_column", "compare", N, "dataclass comparison"},
    ArgRule{"sa.mapped_column", "kw_only", N, "dataclass keyword-only parameter"},
    ArgRule{"sa.mapped_column", "hash", N, "dataclass __hash__"},
    ArgRule{"sa.mapped_column", "nullable", M, "NOT NULL (default: from Optional in Mapped[...])"},
    ArgRule{"sa.mapped_column", "primary_key", M, "PRIMARY KEY"},
    ArgRule{"sa.mapped_column", "deferred", N, "ORM loading strategy"},
    ArgRule{"sa.mapped_column", "deferred_group", N, "ORM loading strategy"},
    ArgRule{"sa.mapped_column", "deferred_raiseload", N, "ORM loading strategy"},
    ArgRule{"sa.mapped_column", "use_existing_column", N, "reuses the parent's column (single-table inheritance)"},
    ArgRule{"sa.mapped_column", "name", M, "the column's name"},
    ArgRule{"sa.mapped_column", "type_", M, "the column's type"},
    ArgRule{"sa.mapped_column", "autoincrement", M, "SERIAL/IDENTITY choice for an integer primary key"},
    ArgRule{"sa.mapped_column", "doc", N, "docstring of the attribute"},
    ArgRule{"sa.mapped_column", "key", M, "the name constraints and indexes use for the column in Table.c"},
    ArgRule{"sa.mapped_column", "index", M, "CREATE INDEX ix_<table>_<column>"},
    ArgRule{"sa.mapped_column", "unique", M, "UNIQUE constraint (or a unique index with index=True)"},
    ArgRule{"sa.mapped_column", "info", N, "user dictionary"},
    ArgRule{"sa.mapped_column", "onupdate", N, "Python-side value applied by UPDATE statements"},
    ArgRule{"sa.mapped_column", "insert_default", N, "Python-side default"},
    ArgRule{"sa.mapped_column", "server_default", M, "DEFAULT clause"},
    ArgRule{"sa.mapped_column", "server_onupdate", N, "FetchedValue marker: no DDL"},
    ArgRule{"sa.mapped_column", "active_history", N, "ORM attribute history"},
    ArgRule{"sa.mapped_column", "quote", U, "forces or suppresses quoting of the column name, which can change the name"},
    ArgRule{"sa.mapped_column", "system", U, "a system column is left out of CREATE TABLE"},
    ArgRule{"sa.mapped_column", "comment", M, "COMMENT ON COLUMN"},
    ArgRule{"sa.mapped_column", "sort_order", M, "position of the column in CREATE TABLE"},
    ArgRule{"sa.mapped_column", "dataclass_metadata", N, "dataclasses.field metadata"},
    ArgRule{"sa.mapped_column", k_other_dialects, N, k_other_dialect_reason},

    // ---- SQLModel Field
    ArgRule{"sqlmodel.Field", "default", M, "Python-side default; decides nullability under pydantic 1"},
    ArgRule{"sqlmodel.Field", "default_factory", M, "Python-side default; decides nullability under pydantic 1"},
    ArgRule{"sqlmodel.Field", "alias", N, "pydantic (de)serialization name; the column keeps the field's name"},
    ArgRule{"sqlmodel.Field", "validation_alias", N, "pydantic validation name"},
    ArgRule{"sqlmodel.Field", "serialization_alias", N, "pydantic serialization name"},
    ArgRule{"sqlmodel.Field", "title", N, "JSON schema"},
    ArgRule{"sqlmodel.Field", "description", N, "JSON schema; not a column comment"},
    ArgRule{"sqlmodel.Field", "exclude", N, "pydantic serialization"},
    ArgRule{"sqlmodel.Field", "include", N, "pydantic serialization"},
    ArgRule{"sqlmodel.Field", "const", N, "pydantic validation"},
    ArgRule{"sqlmodel.Field", "gt", N, "pydantic validation; no CHECK constraint"},
    ArgRule{"sqlmodel.Field", "ge", N, "pydantic validation; no CHECK constraint"},
    ArgRule{"sqlmodel.Field", "lt", N, "pydantic validation; no CHECK constraint"},
    ArgRule{"sqlmodel.Field", "le", N, "pydantic validation; no CHECK constraint"},
    ArgRule{"sqlmodel.Field", "multiple_of", N, "pydantic validation"},
    ArgRule{"sqlmodel.Field", "max_digits", M, "NUMERIC precision of a Decimal field"},
    ArgRule{"sqlmodel.Field", "decimal_places", M, "NUMERIC scale of a Decimal field"},
    ArgRule{"sqlmodel.Field", "min_items", N, "pydantic validation"},
    ArgRule{"sqlmodel.Field", "max_items", N, "pydantic validation"},
    ArgRule{"sqlmodel.Field", "unique_items", N, "pydantic validation"},
    ArgRule{"sqlmodel.Field", "min_length", N, "pydantic validation; no CHECK constraint"},
    ArgRule{"sqlmodel.Field", "max_length", M, "VARCHAR length of a str field"},
    ArgRule{"sqlmodel.Field", "allow_mutation", N, "pydantic validation"},
    ArgRule{"sqlmodel.Field", "regex", N, "pydantic validation"},
    ArgRule{"sqlmodel.Field", "discriminator", N, "pydantic union discriminator"},
    ArgRule{"sqlmodel.Field", "repr", N, "pydantic __repr__"},
    ArgRule{"sqlmodel.Field", "primary_key", M, "PRIMARY KEY"},
    ArgRule{"sqlmodel.Field", "foreign_key", M, "FOREIGN KEY to 'table.column'"},
    ArgRule{"sqlmodel.Field", "ondelete", M, "ON DELETE of foreign_key (SQLModel 0.0.21 on)"},
    ArgRule{"sqlmodel.Field", "unique", M, "UNIQUE constraint"},
    ArgRule{"sqlmodel.Field", "nullable", M, "NOT NULL"},
    ArgRule{"sqlmodel.Field", "index", M, "CREATE INDEX ix_<table>_<column>"},
    ArgRule{"sqlmodel.Field", "sa_type", M, "the column's type (SQLModel 0.0.11 on)"},
    ArgRule{"sqlmodel.Field", "sa_column", M, "the whole Column, read as Column(...)"},
    ArgRule{"sqlmodel.Field", "sa_column_args", M, "Column positional arguments: ForeignKey, CheckConstraint, UniqueConstraint"},
    ArgRule{"sqlmodel.Field", "sa_column_kwargs", M, "Column keyword arguments, each checked as Column's"},
    ArgRule{"sqlmodel.Field", "schema_extra", N, "JSON schema / extra pydantic arguments"},

    // ---- relationships: ORM-only, never DDL
    ArgRule{"sqlmodel.Relationship", "back_populates", N, "ORM relationship"},
    ArgRule{"sqlmodel.Relationship", "cascade_delete", N, "ORM cascade; ON DELETE comes from Field(ondelete=)"},
    ArgRule{"sqlmodel.Relationship", "passive_deletes", N, "ORM cascade"},
    ArgRule{"sqlmodel.Relationship", "link_model", N, "ORM association; the link model has its own table"},
    ArgRule{"sqlmodel.Relationship", "sa_relationship", N, "ORM relationship"},
    ArgRule{"sqlmodel.Relationship", "sa_relationship_args", N, "ORM relationship"},
    ArgRule{"sqlmodel.Relationship", "sa_relationship_kwargs", N, "ORM relationship"},
    ArgRule{"sa.relationship", "argument", N, "ORM relationship target"},
    ArgRule{"sa.relationship", "secondary", N, "ORM association table, defined elsewhere"},
    ArgRule{"sa.relationship", "uselist", N, "ORM relationship"},
    ArgRule{"sa.relationship", "collection_class", N, "ORM relationship"},
    ArgRule{"sa.relationship", "primaryjoin", N, "ORM join condition"},
    ArgRule{"sa.relationship", "secondaryjoin", N, "ORM join condition"},
    ArgRule{"sa.relationship", "back_populates", N, "ORM relationship"},
    ArgRule{"sa.relationship", "order_by", N, "ORM loading"},
    ArgRule{"sa.relationship", "backref", N, "ORM relationship"},
    ArgRule{"sa.relationship", "overlaps", N, "ORM relationship"},
    ArgRule{"sa.relationship", "post_update", N, "ORM flush order"},
    ArgRule{"sa.relationship", "cascade", N, "ORM cascade"},
    ArgRule{"sa.relationship", "viewonly", N, "ORM relationship"},
    ArgRule{"sa.relationship", "init", N, "dataclass __init__ parameter"},
    ArgRule{"sa.relationship", "repr", N, "dataclass __repr__"},
    ArgRule{"sa.relationship", "default", N, "dataclass default"},
    ArgRule{"sa.relationship", "default_factory", N, "dataclass default factory"},
    ArgRule{"sa.relationship", "compare", N, "dataclass comparison"},
    ArgRule{"sa.relationship", "kw_only", N, "dataclass keyword-only parameter"},
    ArgRule{"sa.relationship", "hash", N, "dataclass __hash__"},
    ArgRule{"sa.relationship", "lazy", N, "ORM loading"},
    ArgRule{"sa.relationship", "passive_deletes", N, "ORM cascade"},
    ArgRule{"sa.relationship", "passive_updates", N, "ORM cascade"},
    ArgRule{"sa.relationship", "active_history", N, "ORM attribute history"},
    ArgRule{"sa.relationship", "enable_typechecks", N, "ORM relationship"},
    ArgRule{"sa.relationship", "foreign_keys", N, "ORM join columns; the keys themselves are declared on columns"},
    ArgRule{"sa.relationship", "remote_side", N, "ORM join direction"},
    ArgRule{"sa.relationship", "join_depth", N, "ORM loading"},
    ArgRule{"sa.relationship", "comparator_factory", N, "ORM expressions"},
    ArgRule{"sa.relationship", "single_parent", N, "ORM cascade"},
    ArgRule{"sa.relationship", "innerjoin", N, "ORM loading"},
    ArgRule{"sa.relationship", "distinct_target_key", N, "ORM loading"},
    ArgRule{"sa.relationship", "load_on_pending", N, "ORM loading"},
    ArgRule{"sa.relationship", "query_class", N, "ORM dynamic loader"},
    ArgRule{"sa.relationship", "info", N, "user dictionary"},
    ArgRule{"sa.relationship", "omit_join", N, "ORM loading"},
    ArgRule{"sa.relationship", "sync_backref", N, "ORM relationship"},
    ArgRule{"sa.relationship", "dataclass_metadata", N, "dataclasses.field metadata"},
    ArgRule{"sa.relationship", "doc", N, "docstring of the attribute"},
    ArgRule{"sa.relationship", "attribute_options", N, "dataclass options"},
    ArgRule{"sa.relationship", "bake_queries", N, "legacy, ignored"},
    ArgRule{"sa.relationship", "cascade_backrefs", N, "legacy ORM cascade"},
    ArgRule{"sa.relationship", "strategy_class", N, "ORM loading"},
    ArgRule{"sa.relationship", "_local_remote_pairs", N, k_internal},
    ArgRule{"sa.relationship", "_legacy_inactive_history_style", N, k_internal},

    // ---- ForeignKey
    ArgRule{"sa.ForeignKey", "column", M, "the target 'table.column' or Model.attr"},
    ArgRule{"sa.ForeignKey", "_constraint", U, k_internal},
    ArgRule{"sa.ForeignKey", "use_alter", M, "added by ALTER TABLE after CREATE TABLE"},
    ArgRule{"sa.ForeignKey", "name", M, "the constraint's name"},
    ArgRule{"sa.ForeignKey", "onupdate", M, "ON UPDATE"},
    ArgRule{"sa.ForeignKey", "ondelete", M, "ON DELETE"},
    ArgRule{"sa.ForeignKey", "deferrable", M, "DEFERRABLE"},
    ArgRule{"sa.ForeignKey", "initially", M, "INITIALLY DEFERRED/IMMEDIATE"},
    ArgRule{"sa.ForeignKey", "link_to_name", N, "how SQLAlchemy looks the target up; the DDL names the column either way"},
    ArgRule{"sa.ForeignKey", "match", U, "MATCH FULL/PARTIAL"},
    ArgRule{"sa.ForeignKey", "info", N, "user dictionary"},
    ArgRule{"sa.ForeignKey", "comment", U, "COMMENT ON CONSTRAINT"},
    ArgRule{"sa.ForeignKey", "_unresolvable", U, k_internal},
    ArgRule{"sa.ForeignKey", "postgresql_not_valid", U, "ADD CONSTRAINT ... NOT VALID"},
    ArgRule{"sa.ForeignKey", k_other_dialects, N, k_other_dialect_reason},

    // ---- Index
    ArgRule{"sa.Index", "name", M, "the index's name"},
    ArgRule{"sa.Index", "unique", M, "CREATE UNIQUE INDEX"},
    ArgRule{"sa.Index", "quote", U, "forces or suppresses quoting of the index name"},
    ArgRule{"sa.Index", "info", N, "user dictionary"},
    ArgRule{"sa.Index", "_table", U, k_internal},
    ArgRule{"sa.Index", "_column_flag", U, k_internal},
    ArgRule{"sa.Index", "postgresql_using", M, "USING method"},
    ArgRule{"sa.Index", "postgresql_where", M, "partial index WHERE"},
    ArgRule{"sa.Index", "postgresql_include", M, "INCLUDE columns"},
    ArgRule{"sa.Index", "postgresql_ops", M, "operator classes"},
    ArgRule{"sa.Index", "postgresql_with", M, "WITH storage parameters"},
    ArgRule{"sa.Index", "postgresql_concurrently", U, "CREATE INDEX CONCURRENTLY"},
    ArgRule{"sa.Index", "postgresql_tablespace", U, "TABLESPACE"},
    ArgRule{"sa.Index", "postgresql_nulls_not_distinct", U, "NULLS NOT DISTINCT"},
    ArgRule{"sa.Index", k_other_dialects, N, k_other_dialect_reason},

    // ---- UniqueConstraint
    ArgRule{"sa.UniqueConstraint", "name", M, "the constraint's name"},
    ArgRule{"sa.UniqueConstraint", "deferrable", U, "DEFERRABLE"},
    ArgRule{"sa.UniqueConstraint", "initially", U, "INITIALLY DEFERRED/IMMEDIATE"},
    ArgRule{"sa.UniqueConstraint", "info", N, "user dictionary"},
    ArgRule{"sa.UniqueConstraint", "comment", U, "COMMENT ON CONSTRAINT"},
    ArgRule{"sa.UniqueConstraint", "_autoattach", U, k_internal},
    ArgRule{"sa.UniqueConstraint", "_column_flag", U, k_internal},
    ArgRule{"sa.UniqueConstraint", "_gather_expressions", U, k_internal},
    ArgRule{"sa.UniqueConstraint", "_create_rule", U, k_internal},
    ArgRule{"sa.UniqueConstraint", "_type_bound", U, k_internal},
    ArgRule{"sa.UniqueConstraint", "postgresql_include", U, "INCLUDE columns"},
    ArgRule{"sa.UniqueConstraint", "postgresql_nulls_not_distinct", U, "NULLS NOT DISTINCT"},
    ArgRule{"sa.UniqueConstraint", k_other_dialects, N, k_other_dialect_reason},

    // ---- PrimaryKeyConstraint
    ArgRule{"sa.PrimaryKeyConstraint", "name", M, "the constraint's name"},
    ArgRule{"sa.PrimaryKeyConstraint", "deferrable", U, "DEFERRABLE"},
    ArgRule{"sa.PrimaryKeyConstraint", "initially", U, "INITIALLY DEFERRED/IMMEDIATE"},
    ArgRule{"sa.PrimaryKeyConstraint", "info", N, "user dictionary"},
    ArgRule{"sa.PrimaryKeyConstraint", "comment", U, "COMMENT ON CONSTRAINT"},
    ArgRule{"sa.PrimaryKeyConstraint", "_implicit_generated", U, k_internal},
    ArgRule{"sa.PrimaryKeyConstraint", "_autoattach", U, k_internal},
    ArgRule{"sa.PrimaryKeyConstraint", "_column_flag", U, k_internal},
    ArgRule{"sa.PrimaryKeyConstraint", "_gather_expressions", U, k_internal},
    ArgRule{"sa.PrimaryKeyConstraint", "_create_rule", U, k_internal},
    ArgRule{"sa.PrimaryKeyConstraint", "_type_bound", U, k_internal},
    ArgRule{"sa.PrimaryKeyConstraint", "postgresql_include", U, "INCLUDE columns"},
    ArgRule{"sa.PrimaryKeyConstraint", k_other_dialects, N, k_other_dialect_reason},

    // ---- CheckConstraint
    ArgRule{"sa.CheckConstraint", "sqltext", U, "read only as the first positional argument"},
    ArgRule{"sa.CheckConstraint", "name", M, "the constraint's name"},
    ArgRule{"sa.CheckConstraint", "deferrable", U, "DEFERRABLE"},
    ArgRule{"sa.CheckConstraint", "initially", U, "INITIALLY DEFERRED/IMMEDIATE"},
    ArgRule{"sa.CheckConstraint", "table", U, "attaches the constraint to another table"},
    ArgRule{"sa.CheckConstraint", "info", N, "user dictionary"},
    ArgRule{"sa.CheckConstraint", "comment", U, "COMMENT ON CONSTRAINT"},
    ArgRule{"sa.CheckConstraint", "_create_rule", U, k_internal},
    ArgRule{"sa.CheckConstraint", "_autoattach", U, k_internal},
    ArgRule{"sa.CheckConstraint", "_type_bound", U, k_internal},
    ArgRule{"sa.CheckConstraint", "postgresql_not_valid", U, "ADD CONSTRAINT ... NOT VALID"},
    ArgRule{"sa.CheckConstraint", k_other_dialects, N, k_other_dialect_reason},

    // ---- ForeignKeyConstraint
    ArgRule{"sa.ForeignKeyConstraint", "columns", U, "read only as the first positional argument"},
    ArgRule{"sa.ForeignKeyConstraint", "refcolumns", U, "read only as the second positional argument"},
    ArgRule{"sa.ForeignKeyConstraint", "name", M, "the constraint's name"},
    ArgRule{"sa.ForeignKeyConstraint", "onupdate", M, "ON UPDATE"},
    ArgRule{"sa.ForeignKeyConstraint", "ondelete", M, "ON DELETE"},
    ArgRule{"sa.ForeignKeyConstraint", "deferrable", U, "DEFERRABLE"},
    ArgRule{"sa.ForeignKeyConstraint", "initially", U, "INITIALLY DEFERRED/IMMEDIATE"},
    ArgRule{"sa.ForeignKeyConstraint", "use_alter", M, "added by ALTER TABLE after CREATE TABLE"},
    ArgRule{"sa.ForeignKeyConstraint", "link_to_name", N, "how SQLAlchemy looks the target up; the DDL names the column either way"},
    ArgRule{"sa.ForeignKeyConstraint", "match", U, "MATCH FULL/PARTIAL"},
    ArgRule{"sa.ForeignKeyConstraint", "table", U, "attaches the constraint to another table"},
    ArgRule{"sa.ForeignKeyConstraint", "info", N, "user dictionary"},
    ArgRule{"sa.ForeignKeyConstraint", "comment", U, "COMMENT ON CONSTRAINT"},
    ArgRule{"sa.ForeignKeyConstraint", "postgresql_not_valid", U, "ADD CONSTRAINT ... NOT VALID"},
    ArgRule{"sa.ForeignKeyConstraint", k_other_dialects, N, k_other_dialect_reason},

    // ---- Table (also the keys of a __table_args__ dict, which declarative passes to Table)
    ArgRule{"sa.Table", "name", U, "read only as the first positional argument"},
    ArgRule{"sa.Table", "metadata", U, "read only as the second positional argument"},
    ArgRule{"sa.Table", "schema", M, "the table's schema"},
    ArgRule{"sa.Table", "quote", U, "forces or suppresses quoting of the table name"},
    ArgRule{"sa.Table", "quote_schema", U, "forces or suppresses quoting of the schema name"},
    ArgRule{"sa.Table", "autoload_with", U, "reflects the table from a live database"},
    ArgRule{"sa.Table", "autoload_replace", N, "reflection option (autoload_with is reported)"},
    ArgRule{"sa.Table", "keep_existing", N, "reuses a Table defined twice (a second definition is reported)"},
    ArgRule{"sa.Table", "extend_existing", N, "merges a Table defined twice (a second definition is reported)"},
    ArgRule{"sa.Table", "resolve_fks", N, "reflection option (autoload_with is reported)"},
    ArgRule{"sa.Table", "include_columns", N, "reflection option (autoload_with is reported)"},
    ArgRule{"sa.Table", "implicit_returning", N, "INSERT ... RETURNING use"},
    ArgRule{"sa.Table", "comment", M, "COMMENT ON TABLE"},
    ArgRule{"sa.Table", "info", N, "user dictionary"},
    ArgRule{"sa.Table", "listeners", U, "event listeners may emit DDL"},
    ArgRule{"sa.Table", "prefixes", U, "CREATE <prefix> TABLE (TEMPORARY, UNLOGGED)"},
    ArgRule{"sa.Table", "_extend_on", U, k_internal},
    ArgRule{"sa.Table", "_no_init", U, k_internal},
    ArgRule{"sa.Table", "postgresql_ignore_search_path", N, "reflection option"},
    ArgRule{"sa.Table", "postgresql_tablespace", U, "TABLESPACE"},
    ArgRule{"sa.Table", "postgresql_partition_by", U, "PARTITION BY"},
    ArgRule{"sa.Table", "postgresql_with_oids", U, "WITH OIDS"},
    ArgRule{"sa.Table", "postgresql_on_commit", U, "ON COMMIT"},
    ArgRule{"sa.Table", "postgresql_inherits", U, "INHERITS"},
    ArgRule{"sa.Table", "postgresql_using", U, "USING table access method"},
    ArgRule{"sa.Table", k_other_dialects, N, k_other_dialect_reason},

    // ---- Identity / Computed, given as Column arguments
    ArgRule{"sa.Identity", "always", M, "GENERATED ALWAYS / BY DEFAULT"},
    ArgRule{"sa.Identity", "on_null", U, "ON NULL (Oracle)"},
    ArgRule{"sa.Identity", "start", M, "START WITH"},
    ArgRule{"sa.Identity", "increment", M, "INCREMENT BY"},
    ArgRule{"sa.Identity", "minvalue", U, "MINVALUE"},
    ArgRule{"sa.Identity", "maxvalue", U, "MAXVALUE"},
    ArgRule{"sa.Identity", "nominvalue", U, "NO MINVALUE"},
    ArgRule{"sa.Identity", "nomaxvalue", U, "NO MAXVALUE"},
    ArgRule{"sa.Identity", "cycle", U, "CYCLE"},
    ArgRule{"sa.Identity", "cache", U, "CACHE"},
    ArgRule{"sa.Identity", "order", U, "ORDER (Oracle)"},
    ArgRule{"sa.Computed", "sqltext", U, "read only as the first positional argument"},
    ArgRule{"sa.Computed", "persisted", M, "STORED (or VIRTUAL, which PostgreSQL refuses)"},
};

// Dialects SQLAlchemy ships besides PostgreSQL: their options name no PostgreSQL DDL.
constexpr std::array<std::string_view, 5> k_other_dialect_names = {"mysql", "mariadb", "sqlite", "mssql", "oracle"};

}  // namespace

std::span<const ArgRule> argument_rules() { return k_rules; }
std::span<const CallableRule> callable_rules() { return k_callables; }

const CallableRule* find_callable(std::string_view callable) {
    for (const auto& c : k_callables)
        if (c.callable == callable) return &c;
    return nullptr;
}

const ArgRule* find_argument(std::string_view callable, std::string_view keyword) {
    const ArgRule* dialect_rule = nullptr;
    for (const auto& r : k_rules) {
        if (r.callable != callable) continue;
        if (r.keyword == keyword) return &r;
        if (r.keyword == k_other_dialects) dialect_rule = &r;
    }
    if (!dialect_rule) return nullptr;
    auto sep = keyword.find('_');
    if (sep == std::string_view::npos || sep + 1 == keyword.size()) return nullptr;
    for (auto d : k_other_dialect_names)
        if (keyword.substr(0, sep) == d) return dialect_rule;
    return nullptr;
}

}  // namespace mig_guard::models::detail
