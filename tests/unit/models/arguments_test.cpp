// The argument table (src/models/arguments.cpp) against the libraries' signatures, and the
// extractor's use of it: nothing a model says is silently lost.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "arguments.hpp"
#include "mig_guard/models/extract.hpp"
#include "mig_guard/schema/json.hpp"

using namespace mig_guard;
using models::detail::ArgGroup;

namespace {

// Every keyword each callable accepts, from SQLAlchemy 2.0.52 (Column.__init__, ForeignKey,
// Index, the constraints, Table in sql/schema.py; mapped_column and relationship in
// orm/_orm_constructors.py, with RelationshipProperty's extra **kw; Constraint's
// comment/_create_rule/_type_bound, reached through **dialect_kw), the PostgreSQL dialect's
// construct_arguments, and SQLModel 0.0.39's Field and Relationship (sqlmodel/main.py).
// Adding a keyword here without classifying it in arguments.cpp fails the tests below.
const std::map<std::string, std::vector<std::string>> k_signatures = {
    {"sa.Column",
     {"name", "type_", "autoincrement", "default", "insert_default", "doc", "key", "index", "unique", "info", "nullable",
      "onupdate", "primary_key", "server_default", "server_onupdate", "quote", "system", "comment", "insert_sentinel",
      "_omit_from_statements", "_proxies"}},
    {"sa.mapped_column",
     {"init", "repr", "default", "default_factory", "compare", "kw_only", "hash", "nullable", "primary_key", "deferred",
      "deferred_group", "deferred_raiseload", "use_existing_column", "name", "type_", "autoincrement", "doc", "key",
      "index", "unique", "info", "onupdate", "insert_default", "server_default", "server_onupdate", "active_history",
      "quote", "system", "comment", "sort_order", "dataclass_metadata"}},
    {"sqlmodel.Field",
     {"default", "default_factory", "alias", "validation_alias", "serialization_alias", "title", "description",
      "exclude", "include", "const", "gt", "ge", "lt", "le", "multiple_of", "max_digits", "decimal_places", "min_items",
      "max_items", "unique_items", "min_length", "max_length", "allow_mutation", "regex", "discriminator", "repr",
      "primary_key", "foreign_key", "ondelete", "unique", "nullable", "index", "sa_type", "sa_column", "sa_column_args",
      "sa_column_kwargs", "schema_extra"}},
    {"sqlmodel.Relationship",
     {"back_populates", "cascade_delete", "passive_deletes", "link_model", "sa_relationship", "sa_relationship_args",
      "sa_relationship_kwargs"}},
    {"sa.relationship",
     {"argument", "secondary", "uselist", "collection_class", "primaryjoin", "secondaryjoin", "back_populates",
      "order_by", "backref", "overlaps", "post_update", "cascade", "viewonly", "init", "repr", "default",
      "default_factory", "compare", "kw_only", "hash", "lazy", "passive_deletes", "passive_updates", "active_history",
      "enable_typechecks", "foreign_keys", "remote_side", "join_depth", "comparator_factory", "single_parent",
      "innerjoin", "distinct_target_key", "load_on_pending", "query_class", "info", "omit_join", "sync_backref",
      "dataclass_metadata", "doc", "attribute_options", "bake_queries", "cascade_backrefs", "strategy_class",
      "_local_remote_pairs", "_legacy_inactive_history_style"}},
    {"sa.ForeignKey",
     {"column", "_constraint", "use_alter", "name", "onupdate", "ondelete", "deferrable", "initially", "link_to_name",
      "match", "info", "comment", "_unresolvable", "postgresql_not_valid"}},
    {"sa.Index",
     {"name", "unique", "quote", "info", "_table", "_column_flag", "postgresql_using", "postgresql_include",
      "postgresql_where", "postgresql_ops", "postgresql_concurrently", "postgresql_with", "postgresql_tablespace",
      "postgresql_nulls_not_distinct"}},
    {"sa.UniqueConstraint",
     {"name", "deferrable", "initially", "info", "comment", "_autoattach", "_column_flag", "_gather_expressions",
      "_create_rule", "_type_bound", "postgresql_include", "postgresql_nulls_not_distinct"}},
    {"sa.PrimaryKeyConstraint",
     {"name", "deferrable", "initially", "info", "comment", "_implicit_generated", "_autoattach", "_column_flag",
      "_gather_expressions", "_create_rule", "_type_bound", "postgresql_include"}},
    {"sa.CheckConstraint",
     {"sqltext", "name", "deferrable", "initially", "table", "info", "comment", "_create_rule", "_autoattach",
      "_type_bound", "postgresql_not_valid"}},
    {"sa.ForeignKeyConstraint",
     {"columns", "refcolumns", "name", "onupdate", "ondelete", "deferrable", "initially", "use_alter", "link_to_name",
      "match", "table", "info", "comment", "postgresql_not_valid"}},
    {"sa.Table",
     {"name", "metadata", "schema", "quote", "quote_schema", "autoload_with", "autoload_replace", "keep_existing",
      "extend_existing", "resolve_fks", "include_columns", "implicit_returning", "comment", "info", "listeners",
      "prefixes", "_extend_on", "_no_init", "postgresql_ignore_search_path", "postgresql_tablespace",
      "postgresql_partition_by", "postgresql_with_oids", "postgresql_on_commit", "postgresql_inherits",
      "postgresql_using"}},
    {"sa.Identity",
     {"always", "on_null", "start", "increment", "minvalue", "maxvalue", "nominvalue", "nomaxvalue", "cycle", "cache",
      "order"}},
    {"sa.Computed", {"sqltext", "persisted"}},
};

// Callables that take **dialect_kw (options of any dialect, `<dialect>_<option>`).
const std::set<std::string> k_dialect_kw = {"sa.Column",          "sa.mapped_column",        "sa.ForeignKey",
                                            "sa.Index",           "sa.UniqueConstraint",     "sa.PrimaryKeyConstraint",
                                            "sa.CheckConstraint", "sa.ForeignKeyConstraint", "sa.Table"};

models::ExtractOptions opts(const char* sqlmodel = "0.0.22", const char* sqlalchemy = "2.0.36") {
    models::ExtractOptions o;
    o.versions.sqlmodel = *models::Version::parse(sqlmodel);
    o.versions.sqlalchemy = *models::Version::parse(sqlalchemy);
    return o;
}

models::ExtractResult one(const std::string& src, const models::ExtractOptions& o = opts()) {
    return models::extract_models({{"app/models.py", src}}, o);
}

std::string all(const Diagnostics& ds) {
    std::string out;
    for (const auto& d : ds) out += d.str() + "\n";
    return out;
}

// The errors whose message contains `needle`.
std::vector<Diagnostic> errors_with(const Diagnostics& ds, const std::string& needle) {
    std::vector<Diagnostic> out;
    for (const auto& d : ds)
        if (d.severity == Severity::error && d.message.find(needle) != std::string::npos) out.push_back(d);
    return out;
}

// Exactly one error mentioning `needle`, at line:column, from the models stage.
void expect_error_at(const models::ExtractResult& r, const std::string& needle, int line, int column) {
    auto found = errors_with(r.diagnostics, needle);
    ASSERT_EQ(found.size(), 1u) << "looking for `" << needle << "` in:\n" << all(r.diagnostics);
    EXPECT_EQ(found[0].stage, "models");
    EXPECT_EQ(found[0].location.file, "app/models.py");
    EXPECT_EQ(found[0].location.line, line) << found[0].str();
    EXPECT_EQ(found[0].location.column, column) << found[0].str();
    EXPECT_FALSE(found[0].help.empty());
}

void expect_no_diagnostics(const models::ExtractResult& r) {
    EXPECT_TRUE(r.diagnostics.empty()) << all(r.diagnostics);
    EXPECT_FALSE(r.schema.tables.empty());  // not vacuous: the model was read
}

}  // namespace

TEST(ArgumentTable, EveryKeywordOfEverySignatureIsInExactlyOneGroup) {
    for (const auto& [callable, keywords] : k_signatures) {
        ASSERT_NE(models::detail::find_callable(callable), nullptr) << callable;
        for (const auto& kw : keywords) {
            size_t rows = 0;
            for (const auto& r : models::detail::argument_rules())
                if (r.callable == callable && r.keyword == kw) ++rows;
            EXPECT_EQ(rows, 1u) << callable << "(" << kw << "=): classify it once in src/models/arguments.cpp";
            const auto* rule = models::detail::find_argument(callable, kw);
            ASSERT_NE(rule, nullptr) << callable << " " << kw;
            EXPECT_FALSE(rule->reason.empty()) << callable << " " << kw;
        }
    }
}

TEST(ArgumentTable, NoRowOutsideTheSignatures) {
    for (const auto& r : models::detail::argument_rules()) {
        auto it = k_signatures.find(std::string(r.callable));
        ASSERT_NE(it, k_signatures.end()) << r.callable << " has rules but no signature in this test";
        if (r.keyword == models::detail::k_other_dialects) {
            EXPECT_TRUE(k_dialect_kw.count(std::string(r.callable))) << r.callable << " takes no dialect options";
            EXPECT_EQ(r.group, ArgGroup::no_ddl);
            continue;
        }
        EXPECT_NE(std::find(it->second.begin(), it->second.end(), r.keyword), it->second.end())
            << r.callable << "(" << r.keyword << "=) is not in the signature";
    }
    for (const auto& c : models::detail::callable_rules())
        EXPECT_TRUE(k_signatures.count(std::string(c.callable))) << c.callable;
}

TEST(ArgumentTable, OtherDialectsOptionsEmitNoPostgresqlDdl) {
    for (const auto& callable : k_dialect_kw) {
        const auto* r = models::detail::find_argument(callable, "mysql_length");
        ASSERT_NE(r, nullptr) << callable;
        EXPECT_EQ(r->group, ArgGroup::no_ddl);
        EXPECT_NE(models::detail::find_argument(callable, "sqlite_on_conflict"), nullptr);
        EXPECT_EQ(models::detail::find_argument(callable, "postgresql_bogus"), nullptr) << callable;
        EXPECT_EQ(models::detail::find_argument(callable, "mysql"), nullptr) << callable;
    }
    EXPECT_EQ(models::detail::find_argument("sqlmodel.Field", "mysql_length"), nullptr);
    EXPECT_EQ(models::detail::find_argument("sa.relationship", "mysql_length"), nullptr);
}

TEST(ArgumentTable, GroupsAgreeWithTheSpec) {
    using models::detail::find_argument;
    EXPECT_EQ(find_argument("sa.Column", "server_onupdate")->group, ArgGroup::no_ddl);
    EXPECT_EQ(find_argument("sa.Column", "comment")->group, ArgGroup::modelled);
    EXPECT_EQ(find_argument("sa.Column", "default")->group, ArgGroup::no_ddl);
    EXPECT_EQ(find_argument("sa.Column", "onupdate")->group, ArgGroup::no_ddl);
    EXPECT_EQ(find_argument("sa.Index", "postgresql_where")->group, ArgGroup::modelled);
    EXPECT_EQ(find_argument("sa.Index", "postgresql_concurrently")->group, ArgGroup::unsupported);
    EXPECT_EQ(find_argument("sa.Column", "sort_order"), nullptr);  // mapped_column only
    EXPECT_EQ(find_argument("sa.mapped_column", "sort_order")->group, ArgGroup::modelled);
}

// ---- the extractor

TEST(ArgumentCheck, NoDdlKeywordsChangeNothing) {
    const char* plain = R"(
from typing import Optional
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlmodel import SQLModel, Field, Relationship

class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=40)
    team_id: Optional[int] = Field(default=None, foreign_key="team.id")
    team: Optional["Team"] = Relationship(back_populates="heroes")

class Base(DeclarativeBase):
    pass

class Team(Base):
    __tablename__ = "team"
    __table_args__ = {"comment": "teams"}
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(30), unique=True)
    stamp = sa.Column(sa.DateTime, server_default=sa.func.now())
    heroes = relationship("Hero", back_populates="team")
)";
    const char* with_no_ddl = R"(
from typing import Optional
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlmodel import SQLModel, Field, Relationship

class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True, description="key", title="Id")
    name: str = Field(max_length=40, min_length=2, alias="heroName", schema_extra={"examples": ["x"]})
    team_id: Optional[int] = Field(default=None, foreign_key="team.id", ge=1, sa_column_kwargs={"info": {"a": 1}, "doc": "d"})
    team: Optional["Team"] = Relationship(back_populates="heroes", cascade_delete=True, sa_relationship_kwargs={"lazy": "joined"})

class Base(DeclarativeBase):
    pass

class Team(Base):
    __tablename__ = "team"
    __table_args__ = {"comment": "teams", "info": {"owner": "x"}, "extend_existing": True, "mysql_engine": "InnoDB"}
    id: Mapped[int] = mapped_column(primary_key=True, init=False, repr=False, doc="id", info={"k": 1})
    name: Mapped[str] = mapped_column(sa.String(30), unique=True, default="x", onupdate="y", deferred=True, mysql_charset="utf8")
    stamp = sa.Column(sa.DateTime, server_default=sa.func.now(), server_onupdate=sa.FetchedValue(), insert_sentinel=False)
    heroes = relationship("Hero", back_populates="team", lazy="selectin", cascade="all, delete-orphan", passive_deletes=True)
)";
    auto a = one(plain);
    auto b = one(with_no_ddl);
    expect_no_diagnostics(a);
    expect_no_diagnostics(b);
    EXPECT_EQ(schema::to_json(a.schema).dump(1), schema::to_json(b.schema).dump(1));
}

TEST(ArgumentCheck, UnsupportedKeywordIsAnErrorAtItsPosition) {
    const char* src = R"py(import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

class Base(DeclarativeBase):
    pass

class T(Base):
    __tablename__ = "t"
    __table_args__ = (
        sa.Index("ix_t_a", "a", postgresql_concurrently=True),
        sa.UniqueConstraint("a", "b", deferrable=True),
        {"postgresql_partition_by": "RANGE (a)"},
    )
    id = sa.Column(sa.Integer, sa.Identity(cycle=True), primary_key=True)
    a = sa.Column(sa.Integer, sa.ForeignKey("u.id", match="FULL"))
    b = sa.Column(sa.Integer, quote=False)
)py";
    auto r = one(src);
    expect_error_at(r, "`postgresql_concurrently=` on Index", 10, 33);
    expect_error_at(r, "`deferrable=` on UniqueConstraint", 11, 39);
    expect_error_at(r, "`postgresql_partition_by=` on Table", 12, 10);
    expect_error_at(r, "`cycle=` on Identity", 14, 44);
    expect_error_at(r, "`match=` on ForeignKey", 15, 53);
    expect_error_at(r, "`quote=` on Column", 16, 31);
    EXPECT_NE(r.diagnostics[0].help.find("remove it"), std::string::npos);
}

TEST(ArgumentCheck, MisspelledKeywordIsAnError) {
    const char* src = R"(import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlmodel import SQLModel, Field

class Hero(SQLModel, table=True):
    id: int = Field(primary_key=True)
    name: str = Field(nulable=True)
    nick: str = Field(sa_column_kwargs={"nulable": True})

class Base(DeclarativeBase):
    pass

class T(Base):
    __tablename__ = "t"
    __table_args__ = {"shema": "x"}
    id: Mapped[int] = mapped_column(primary_key=True)
    a = sa.Column(sa.Integer, nulable=True)
    b: Mapped[int] = mapped_column(nulable=True)
    c = sa.Column(sa.Integer, sort_order=1)
)";
    auto r = one(src);
    auto typos = errors_with(r.diagnostics, "`nulable=` is not an argument of");
    ASSERT_EQ(typos.size(), 4u) << all(r.diagnostics);
    EXPECT_EQ(typos[0].location.line, 7);
    EXPECT_EQ(typos[0].location.column, 23);
    EXPECT_NE(typos[0].message.find("Field()"), std::string::npos);
    EXPECT_EQ(typos[1].location.line, 8);
    EXPECT_EQ(typos[1].location.column, 41);
    EXPECT_NE(typos[1].message.find("Column()"), std::string::npos);
    expect_error_at(r, "`shema=` is not an argument of Table()", 15, 23);
    expect_error_at(r, "`sort_order=` is not an argument of Column()", 19, 31);
}

TEST(ArgumentCheck, PositionalArgumentsNotReadAreErrors) {
    const char* src = R"(import sqlalchemy as sa
from sqlmodel import SQLModel, Field

class Hero(SQLModel, table=True):
    __table_args__ = (sa.CheckConstraint("age > 0", "ck_age"),)
    id: int = Field(None, True)
    age: int
    seq: int = Field(sa_column=sa.Column(sa.Integer, sa.Sequence("s")))
)";
    auto r = one(src);
    expect_error_at(r, "positional argument 2 of CheckConstraint()", 5, 53);
    expect_error_at(r, "positional argument 2 of Field()", 6, 27);
    expect_error_at(r, "Sequence", 8, 54);
}

TEST(ArgumentCheck, ClassBodyStatementsThatMayDefineColumns) {
    const char* src = R"(import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, column_property, relationship, declared_attr
from sqlmodel import SQLModel, Field
from app.helpers import audit_column

shared = sa.Column(sa.Integer)

class Base(DeclarativeBase):
    pass

class T(Base):
    __tablename__ = "t"
    id = sa.Column(sa.Integer, primary_key=True)
    total = column_property(sa.Column(sa.Integer))
    created = audit_column()
    other = shared
    parent = relationship("T", remote_sid=[id])
    label = "plain class attribute"

    @declared_attr
    def __table_args__(cls):
        return (sa.Index("ix", "id"),)

    def method(self):
        return 1

class H(SQLModel, table=True):
    id: int = Field(primary_key=True)
    loose = Field(default=1)
    for n in range(3):
        pass
)";
    auto r = one(src);
    expect_error_at(r, "inside `column_property(...)`", 14, 29);
    expect_error_at(r, "whether `created = audit_column(...)`", 15, 15);
    expect_error_at(r, "`other` given through a variable", 16, 13);
    expect_error_at(r, "`remote_sid=` is not an argument of relationship()", 17, 32);
    expect_error_at(r, "declared_attr `__table_args__`", 21, 5);
    expect_error_at(r, "has no type annotation", 29, 5);
    expect_error_at(r, "a `for` statement", 30, 5);
    EXPECT_EQ(errors_with(r.diagnostics, "label").size(), 0u);
    EXPECT_EQ(errors_with(r.diagnostics, "method").size(), 0u);
}

TEST(ArgumentCheck, ColumnKeyNamesTheColumnForConstraints) {
    const char* src = R"(import sqlalchemy as sa
md = sa.MetaData()
t = sa.Table("t", md, sa.Column("type", sa.String(10), key="kind"), sa.UniqueConstraint("kind"), sa.Index("ix_t_kind", "kind"))
)";
    auto r = one(src);
    expect_no_diagnostics(r);
    const auto& t = r.schema.tables.at(0);
    ASSERT_EQ(t.unique_constraints.size(), 1u);
    EXPECT_EQ(t.unique_constraints[0].columns, std::vector<std::string>{"type"});
    ASSERT_EQ(t.indexes.size(), 1u);
    EXPECT_EQ(t.indexes[0].elements.at(0).text, "type");
}
