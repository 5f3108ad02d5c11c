#include <gtest/gtest.h>

#include <initializer_list>

#include "mig_guard/models/extract.hpp"

using namespace mig_guard;

namespace {

models::ExtractOptions opts(const char* sqlmodel = "0.0.22", const char* sqlalchemy = "2.0.36") {
    models::ExtractOptions o;
    o.versions.sqlmodel = *models::Version::parse(sqlmodel);
    o.versions.sqlalchemy = *models::Version::parse(sqlalchemy);
    if (o.versions.sqlmodel < models::Version{0, 0, 14}) o.versions.pydantic = {1, 10, 0};
    return o;
}

models::ExtractResult one(const std::string& src, const models::ExtractOptions& o = opts()) {
    return models::extract_models({{"app/models.py", src}}, o);
}

std::vector<std::string> names(const schema::Table& t) {
    std::vector<std::string> out;
    for (const auto& c : t.columns) out.push_back(c.name);
    return out;
}

const char* k_hero = R"(
from typing import Optional
import enum
import sqlalchemy as sa
from sqlmodel import SQLModel, Field

class Color(str, enum.Enum):
    red = "r"
    green = "g"

class Base(SQLModel):
    created: Optional[int] = None

class Hero(Base, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True, max_length=50)
    mid: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    secret: str = None
    age: Optional[int] = Field(..., unique=True)
    color: Color
    both: int = Field(unique=True, index=True)
)";

}  // namespace

TEST(SQLModel, NewestColumnsOrderTypesNullability) {
    auto r = one(k_hero);
    ASSERT_FALSE(has_errors(r.diagnostics)) << (r.diagnostics.empty() ? "" : r.diagnostics[0].str());
    const auto* t = r.schema.find_table("hero");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(names(*t), (std::vector<std::string>{"created", "id", "name", "mid", "secret", "age", "color", "both"}));
    EXPECT_EQ(t->find_column("name")->type.sql, "VARCHAR(50)");
    EXPECT_EQ(t->find_column("name")->type.python, "sqlmodel.sql.sqltypes.AutoString(length=50)");
    EXPECT_EQ(t->find_column("name")->type.imports, std::vector<std::string>{"import sqlmodel"});
    EXPECT_EQ(t->find_column("mid")->type.sql, "TEXT");
    EXPECT_FALSE(t->find_column("id")->nullable);
    EXPECT_FALSE(t->find_column("secret")->nullable);  // pydantic 2: `str = None` is NOT NULL
    EXPECT_TRUE(t->find_column("age")->nullable);      // pydantic 2: Optional is nullable
    EXPECT_EQ(t->find_column("color")->type.sql, "color");
    EXPECT_EQ(t->find_column("color")->type.python, "sa.Enum('red', 'green', name='color')");
    ASSERT_NE(r.schema.find_enum("color"), nullptr);
    EXPECT_EQ(r.schema.find_enum("color")->values, (std::vector<std::string>{"red", "green"}));
    ASSERT_EQ(t->unique_constraints.size(), 1u);
    EXPECT_EQ(t->unique_constraints[0].columns, std::vector<std::string>{"age"});
    EXPECT_TRUE(t->unique_constraints[0].name.empty());
    ASSERT_EQ(t->indexes.size(), 2u);
    EXPECT_EQ(t->indexes[0].name.value, "ix_hero_name");
    EXPECT_TRUE(t->indexes[0].name.conv);
    EXPECT_EQ(t->indexes[1].name.value, "ix_hero_both");
    EXPECT_TRUE(t->indexes[1].unique);
    ASSERT_TRUE(t->primary_key);
    EXPECT_EQ(t->primary_key->columns, std::vector<std::string>{"id"});
}

TEST(SQLModel, Legacy008OrderStrEnumAndPydantic1) {
    auto r = one(k_hero, opts("0.0.8", "1.4.46"));
    const auto* t = r.schema.find_table("hero");
    ASSERT_NE(t, nullptr);
    // 1.4 orders by creation: the sa_column Column exists before the generated ones.
    EXPECT_EQ(names(*t), (std::vector<std::string>{"mid", "created", "id", "name", "secret", "age", "color", "both"}));
    EXPECT_TRUE(t->find_column("secret")->nullable);   // pydantic 1: `= None` allows None
    EXPECT_FALSE(t->find_column("age")->nullable);     // Field(...) is required
    EXPECT_EQ(t->find_column("color")->type.sql, "VARCHAR");  // str Enum before 0.0.9
    EXPECT_EQ(r.schema.find_enum("color"), nullptr);
}

TEST(SQLModel, UuidVersions) {
    const char* src = "import uuid\nfrom sqlmodel import SQLModel, Field\nclass T(SQLModel, table=True):\n    id: uuid.UUID = Field(primary_key=True)\n";
    auto old = one(src, opts("0.0.16"));
    EXPECT_EQ(old.schema.tables.at(0).columns.at(0).type.python, "sqlmodel.sql.sqltypes.GUID()");
    EXPECT_EQ(old.schema.tables.at(0).columns.at(0).type.sql, "UUID");
    auto now = one(src, opts("0.0.20"));
    EXPECT_EQ(now.schema.tables.at(0).columns.at(0).type.python, "sa.Uuid()");
}

TEST(SQLModel, OndeleteAndSaTypeVersions) {
    const char* src = R"(
import sqlalchemy as sa
from sqlmodel import SQLModel, Field
class T(SQLModel, table=True):
    id: int = Field(primary_key=True)
    p: int = Field(foreign_key="p.id", ondelete="CASCADE")
    j: str = Field(sa_type=sa.Text)
)";
    auto now = one(src, opts("0.0.21"));
    ASSERT_EQ(now.schema.tables.at(0).foreign_keys.size(), 1u);
    EXPECT_EQ(now.schema.tables.at(0).foreign_keys[0].ondelete, "CASCADE");
    EXPECT_EQ(now.schema.tables.at(0).find_column("j")->type.sql, "TEXT");
    auto old = one(src, opts("0.0.10", "1.4.46"));
    EXPECT_EQ(old.schema.tables.at(0).foreign_keys.at(0).ondelete, "");
    EXPECT_EQ(old.schema.tables.at(0).find_column("j")->type.sql, "VARCHAR");
    EXPECT_GE(old.diagnostics.size(), 2u);
}

TEST(Declarative, ColumnsConventionsAndTableArgs) {
    const char* src = R"(
import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
Base = declarative_base(metadata=sa.MetaData(naming_convention={"ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s", "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s", "ck": "ck_%(table_name)s_%(constraint_name)s", "pk": "pk_%(table_name)s"}))
class P(Base):
    __tablename__ = "p"
    id = sa.Column(sa.Integer, primary_key=True)
class M:
    created = sa.Column(sa.DateTime(timezone=True), server_default=sa.func.now())
class A(M, Base):
    __tablename__ = "a"
    __table_args__ = (sa.UniqueConstraint("x", "yy"), sa.CheckConstraint("x > 0", name="xpos"), sa.Index("myidx", "yy"))
    id = sa.Column(sa.Integer, primary_key=True)
    pid = sa.Column(sa.ForeignKey("p.id", ondelete="cascade"), unique=True)
    x = sa.Column(sa.Integer, unique=True, index=True)
    y = sa.Column("yy", sa.String(20), index=True, server_default="a'b")
)";
    auto r = one(src);
    ASSERT_FALSE(has_errors(r.diagnostics)) << r.diagnostics[0].str();
    const auto* a = r.schema.find_table("a");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(names(*a), (std::vector<std::string>{"id", "pid", "x", "yy", "created"}));  // 2.0: own columns first
    auto r14 = one(src, opts("0.0.8", "1.4.46"));
    EXPECT_EQ(names(*r14.schema.find_table("a")), (std::vector<std::string>{"created", "id", "pid", "x", "yy"}));
    EXPECT_EQ(a->find_column("pid")->type.sql, "INTEGER");
    EXPECT_EQ(a->find_column("created")->type.sql, "TIMESTAMP WITH TIME ZONE");
    EXPECT_EQ(a->find_column("created")->server_default->to_sql(), "now()");
    EXPECT_EQ(a->find_column("yy")->server_default->to_sql(), "'a''b'");
    EXPECT_EQ(a->primary_key->name.value, "pk_a");
    ASSERT_EQ(a->unique_constraints.size(), 2u);
    EXPECT_EQ(a->unique_constraints[0].name.value, "uq_a_x");
    EXPECT_EQ(a->unique_constraints[1].name.value, "uq_a_pid");
    EXPECT_EQ(a->check_constraints.at(0).name.value, "ck_a_xpos");
    EXPECT_EQ(a->foreign_keys.at(0).name.value, "fk_a_pid_p");
    EXPECT_EQ(a->foreign_keys.at(0).ondelete, "CASCADE");
    ASSERT_EQ(a->indexes.size(), 3u);
    EXPECT_EQ(a->indexes[0].name.value, "ix_a_x");
    EXPECT_TRUE(a->indexes[0].unique);
    EXPECT_EQ(a->indexes[1].name.value, "ix_a_yy");
    EXPECT_EQ(a->indexes[2].name.value, "myidx");
    EXPECT_FALSE(a->indexes[2].name.conv);
}

TEST(Declarative, MappedColumn20) {
    const char* src = R"(
from typing import Optional
from datetime import datetime
from sqlalchemy import String, DateTime
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    type_annotation_map = {datetime: DateTime(timezone=True)}
class U(Base):
    __tablename__ = "u"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30))
    nick: Mapped[Optional[str]]
    at: Mapped[datetime]
)";
    auto r = one(src);
    ASSERT_FALSE(has_errors(r.diagnostics)) << r.diagnostics[0].str();
    const auto* u = r.schema.find_table("u");
    ASSERT_NE(u, nullptr);
    EXPECT_EQ(names(*u), (std::vector<std::string>{"id", "name", "nick", "at"}));
    EXPECT_EQ(u->find_column("name")->type.python, "sa.String(length=30)");
    EXPECT_FALSE(u->find_column("name")->nullable);
    EXPECT_TRUE(u->find_column("nick")->nullable);
    EXPECT_EQ(u->find_column("nick")->type.sql, "VARCHAR");
    EXPECT_EQ(u->find_column("at")->type.sql, "TIMESTAMP WITH TIME ZONE");
}

TEST(Types, ExplicitTypesRenderLikeAlembic) {
    const char* src = R"(
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from pgvector.sqlalchemy import Vector
meta = sa.MetaData()
t = sa.Table("t", meta,
    sa.Column("a", sa.Numeric(10, 2)),
    sa.Column("b", postgresql.JSONB),
    sa.Column("c", postgresql.ARRAY(sa.Integer)),
    sa.Column("d", sa.Enum("x", "yyy", name="kind", native_enum=False)),
    sa.Column("e", Vector(1536)),
    sa.Column("f", sa.Float(53)),
    sa.Column("g", sa.String(50, collation="C")),
    schema="s",
)
)";
    auto r = one(src);
    const auto* t = r.schema.find_table("t", "s");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->columns[0].type.python, "sa.Numeric(precision=10, scale=2)");
    EXPECT_EQ(t->columns[0].type.sql, "NUMERIC(10, 2)");
    EXPECT_EQ(t->columns[1].type.python, "postgresql.JSONB(astext_type=sa.Text())");
    EXPECT_EQ(t->columns[1].type.imports, std::vector<std::string>{"from sqlalchemy.dialects import postgresql"});
    EXPECT_EQ(t->columns[2].type.sql, "INTEGER[]");
    EXPECT_EQ(t->columns[2].type.python, "postgresql.ARRAY(sa.Integer())");
    EXPECT_EQ(t->columns[3].type.sql, "VARCHAR(3)");
    EXPECT_EQ(t->columns[3].type.python, "sa.Enum('x', 'yyy', name='kind', native_enum=False)");
    EXPECT_EQ(t->columns[4].type.python, "pgvector.sqlalchemy.Vector(dim=1536)");
    EXPECT_EQ(t->columns[4].type.sql, "VECTOR(1536)");
    EXPECT_EQ(t->columns[4].type.imports, std::vector<std::string>{"import pgvector.sqlalchemy"});
    EXPECT_EQ(t->columns[5].type.sql, "FLOAT(53)");
    EXPECT_EQ(t->columns[6].type.sql, "VARCHAR(50) COLLATE \"C\"");
}

TEST(Imports, CrossModuleMixinAndBase) {
    SourceFiles files = {
        {"app/__init__.py", ""},
        {"app/models/__init__.py", "from .base import Base\n"},
        {"app/models/base.py", "import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\nBase = declarative_base()\n"
                               "class TimestampMixin:\n    created = sa.Column(sa.DateTime, server_default=sa.text('now()'))\n"},
        {"app/models/user.py", "import sqlalchemy as sa\nimport app.models as m\nfrom .base import TimestampMixin\n"
                               "class User(m.Base, TimestampMixin):\n    __tablename__ = 'users'\n    id = sa.Column(sa.Integer, primary_key=True)\n"},
    };
    auto r = models::extract_models(files, opts());
    ASSERT_FALSE(has_errors(r.diagnostics)) << r.diagnostics[0].str();
    const auto* u = r.schema.find_table("users");
    ASSERT_NE(u, nullptr);
    EXPECT_EQ(names(*u), (std::vector<std::string>{"id", "created"}));
    EXPECT_EQ(u->find_column("created")->server_default->to_sql(), "now()");
}

TEST(Diagnostics, UnresolvableBaseAndType) {
    auto r = one("from somewhere import Mystery\nimport sqlalchemy as sa\nclass X(Mystery):\n    __tablename__ = 'x'\n");
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].stage, "models");
    EXPECT_EQ(r.diagnostics[0].location.line, 3u);
    EXPECT_NE(r.diagnostics[0].message.find("Mystery"), std::string::npos);

    auto t = one("import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\nBase = declarative_base()\n"
                 "def mk(): return sa.Integer\nclass X(Base):\n    __tablename__ = 'x'\n    id = sa.Column(mk(), primary_key=True)\n");
    ASSERT_TRUE(has_errors(t.diagnostics));
    EXPECT_EQ(t.diagnostics[0].location.line, 7u);
}

TEST(Diagnostics, ParseErrorsPassThrough) {
    auto r = one("class X(:\n");
    ASSERT_TRUE(has_errors(r.diagnostics));
    EXPECT_EQ(r.diagnostics[0].stage, "python");
}

TEST(Diagnostics, UnknownCustomTypeWarns) {
    auto r = one("import sqlalchemy as sa\nfrom geo import Geometry\nm = sa.MetaData()\nt = sa.Table('t', m, sa.Column('g', Geometry('POINT')))\n");
    ASSERT_EQ(r.schema.tables.size(), 1u);
    EXPECT_EQ(r.schema.tables[0].columns[0].type.python, "geo.Geometry('POINT')");
    EXPECT_EQ(r.schema.tables[0].columns[0].type.sql, "");
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].severity, Severity::warning);
}

// ---- pydantic constrained types, column-level constraints, TypeDecorator args, registry,
// ---- non-native enums, type_annotation_map generics, Literal, index expressions

TEST(SQLModel, PydanticConstrainedTypes) {
    const char* src = R"(
from typing import Optional
from pydantic import condecimal, constr, conint
from sqlmodel import SQLModel, Field

class T(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    total: condecimal(max_digits=12, decimal_places=2) = Field(default=0)
    code: constr(max_length=50)
    n: Optional[conint(gt=0)] = None
)";
    auto old = one(src, opts("0.0.8", "1.4.46"));
    ASSERT_FALSE(has_errors(old.diagnostics)) << old.diagnostics[0].str();
    const auto* t = old.schema.find_table("t");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->find_column("total")->type.sql, "NUMERIC(12, 2)");
    EXPECT_EQ(t->find_column("code")->type.sql, "VARCHAR");  // 0.0.8 reads only Field(max_length=)
    EXPECT_EQ(t->find_column("n")->type.sql, "INTEGER");
    auto fresh = one(src);
    ASSERT_FALSE(has_errors(fresh.diagnostics));
    EXPECT_EQ(fresh.schema.find_table("t")->find_column("code")->type.sql, "VARCHAR(50)");
}

TEST(SQLModel, ColumnLevelCheckConstraintBecomesTableCheck) {
    auto r = one(R"(
from typing import Optional
from sqlalchemy import CheckConstraint, Column, Integer
from sqlmodel import SQLModel, Field

class T(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    seats: int = Field(default=1, sa_column_args=[CheckConstraint("seats > 0", name="seats_positive")])
    other: int = Field(sa_column=Column(Integer, CheckConstraint("other < 9"), nullable=False))
)", opts("0.0.8", "1.4.46"));
    ASSERT_FALSE(has_errors(r.diagnostics));
    const auto& cks = r.schema.find_table("t")->check_constraints;
    ASSERT_EQ(cks.size(), 2u);
    // 0.0.8: the sa_column Column exists before the Field-built ones, so its check comes first.
    EXPECT_EQ(cks[0].sqltext, "other < 9");
    EXPECT_EQ(cks[1].sqltext, "seats > 0");
    EXPECT_EQ(cks[1].name.value, "seats_positive");
}

TEST(Declarative, TypeDecoratorClassImplTakesCallArguments) {
    auto r = one(R"(
import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
Base = declarative_base()

class Lower(sa.types.TypeDecorator):
    impl = sa.String
    cache_ok = True

class Fixed(sa.types.TypeDecorator):
    impl = sa.String(40)

class T(Base):
    __tablename__ = "t"
    id = sa.Column(sa.Integer, primary_key=True)
    a = sa.Column(Lower(30))
    b = sa.Column(Lower())
    c = sa.Column(Fixed())
)", opts("0.0.8", "1.4.46"));
    const auto* t = r.schema.find_table("t");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->find_column("a")->type.sql, "VARCHAR(30)");
    EXPECT_EQ(t->find_column("b")->type.sql, "VARCHAR");
    EXPECT_EQ(t->find_column("c")->type.sql, "VARCHAR(40)");
}

TEST(Declarative, RegistryMappedDecoratorAndIndexExpressionOnClassName) {
    auto r = one(R"(
from sqlalchemy import Column, Integer, String, Index, MetaData, func
from sqlalchemy.orm import registry
reg = registry(metadata=MetaData())

@reg.mapped
class Author:
    __tablename__ = "authors"
    id = Column(Integer, primary_key=True)
    name = Column("full_name", String(120))
    __table_args__ = (Index("ix_lower", func.lower(name)),)
)", opts("0.0.8", "1.4.46"));
    ASSERT_FALSE(has_errors(r.diagnostics)) << (r.diagnostics.empty() ? "" : r.diagnostics[0].str());
    const auto* t = r.schema.find_table("authors");
    ASSERT_NE(t, nullptr);
    ASSERT_EQ(t->indexes.size(), 1u);
    EXPECT_EQ(t->indexes[0].elements[0].text, "lower(full_name)");
    EXPECT_TRUE(t->indexes[0].elements[0].expression);
}

TEST(Declarative, NonNativeEnumLengthAndCreateConstraint) {
    auto r = one(R"(
import enum
from sqlalchemy import Column, Enum, Integer
from sqlalchemy.orm import declarative_base
Base = declarative_base()

class Channel(str, enum.Enum):
    EMAIL = "email"

class T(Base):
    __tablename__ = "t"
    id = Column(Integer, primary_key=True)
    channel = Column(Enum(Channel, native_enum=False, length=20))
    source = Column(Enum("web", "api", name="src", native_enum=False, create_constraint=True))
)", opts("0.0.8", "1.4.46"));
    ASSERT_FALSE(has_errors(r.diagnostics));
    const auto* t = r.schema.find_table("t");
    EXPECT_EQ(t->find_column("channel")->type.sql, "VARCHAR(20)");
    EXPECT_EQ(t->find_column("source")->type.sql, "VARCHAR(3)");
    ASSERT_EQ(t->check_constraints.size(), 1u);
    EXPECT_EQ(t->check_constraints[0].sqltext, "source IN ('web', 'api')");
    EXPECT_EQ(t->check_constraints[0].name.value, "src");
}

TEST(Mapped, GenericTypeAnnotationMapKeyAndLiteral) {
    auto r = one(R"(
from typing import Any, Literal
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSONB}

class T(Base):
    __tablename__ = "t"
    id: Mapped[int] = mapped_column(primary_key=True)
    attrs: Mapped[dict[str, Any]]
    kind: Mapped[Literal["note", "link"]]
)");
    ASSERT_FALSE(has_errors(r.diagnostics)) << (r.diagnostics.empty() ? "" : r.diagnostics[0].str());
    const auto* t = r.schema.find_table("t");
    EXPECT_EQ(t->find_column("attrs")->type.sql, "JSONB");
    EXPECT_EQ(t->find_column("kind")->type.sql, "VARCHAR(4)");
    EXPECT_FALSE(t->find_column("kind")->nullable);
}

TEST(Diagnostics, ControlFlowInAModelBodyIsAnErrorReportedOncePerSite) {
    // The loop sits in a mixin used by two tables: one diagnostic, at the `for`.
    auto r = one("import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\nBase = declarative_base()\n"
                 "class Translated:\n    for _l in ('en', 'nl'):\n        locals()['t_' + _l] = sa.Column(sa.Text)\n"
                 "class A(Translated, Base):\n    __tablename__ = 'a'\n    id = sa.Column(sa.Integer, primary_key=True)\n"
                 "class B(Translated, Base):\n    __tablename__ = 'b'\n    id = sa.Column(sa.Integer, primary_key=True)\n");
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].severity, Severity::error);
    EXPECT_EQ(r.diagnostics[0].location.str(), "app/models.py:5:5");
    EXPECT_NE(r.diagnostics[0].message.find("`for`"), std::string::npos);
    EXPECT_EQ(r.schema.tables.size(), 2u);
}

// use_alter=True on ForeignKey and ForeignKeyConstraint (SQLAlchemy: fkc.use_alter).
TEST(SQLAlchemy, ForeignKeyUseAlter) {
    auto r = one(R"(
import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
Base = declarative_base()

class A(Base):
    __tablename__ = "a"
    id = sa.Column(sa.Integer, primary_key=True)
    b_id = sa.Column(sa.Integer, sa.ForeignKey("b.id", use_alter=True, name="fk_a_b"))
    c_id = sa.Column(sa.Integer, sa.ForeignKey("b.id"))

class B(Base):
    __tablename__ = "b"
    __table_args__ = (sa.ForeignKeyConstraint(["a_id"], ["a.id"], use_alter=True, name="fk_b_a"),
                      sa.ForeignKeyConstraint(["a2"], ["a.id"], use_alter=False))
    id = sa.Column(sa.Integer, primary_key=True)
    a_id = sa.Column(sa.Integer)
    a2 = sa.Column(sa.Integer)
)", opts("0.0.8", "1.4.46"));
    ASSERT_FALSE(has_errors(r.diagnostics)) << (r.diagnostics.empty() ? "" : r.diagnostics[0].str());
    const auto* a = r.schema.find_table("a");
    const auto* b = r.schema.find_table("b");
    ASSERT_TRUE(a && b);
    ASSERT_EQ(a->foreign_keys.size(), 2u);
    EXPECT_TRUE(a->foreign_keys[0].use_alter);
    EXPECT_FALSE(a->foreign_keys[1].use_alter);
    ASSERT_EQ(b->foreign_keys.size(), 2u);
    EXPECT_TRUE(b->foreign_keys[0].use_alter);
    EXPECT_FALSE(b->foreign_keys[1].use_alter);
}

// postgresql_ops keys are column keys (attribute names); postgresql_with keeps written order and
// Python literal values.
TEST(SQLAlchemy, IndexOperatorClassesAndStorageParameters) {
    auto r = one(R"(
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

class Base(DeclarativeBase):
    pass

class Doc(Base):
    __tablename__ = "doc"
    __table_args__ = (
        sa.Index("ix_doc_emb", "emb", "title", postgresql_using="ivfflat",
                 postgresql_with={"lists": 100, "note": "x"}, postgresql_ops={"emb": "vector_cosine_ops"}),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    emb: Mapped[str] = mapped_column("embedding", sa.Text)
    title: Mapped[str]
)");
    ASSERT_FALSE(has_errors(r.diagnostics)) << (r.diagnostics.empty() ? "" : r.diagnostics[0].str());
    const auto* t = r.schema.find_table("doc");
    ASSERT_NE(t, nullptr);
    ASSERT_EQ(t->indexes.size(), 1u);
    const auto& ix = t->indexes[0];
    ASSERT_EQ(ix.elements.size(), 2u);
    EXPECT_EQ(ix.elements[0].text, "embedding");
    EXPECT_EQ(ix.elements[0].opclass, "vector_cosine_ops");
    EXPECT_EQ(ix.elements[1].opclass, "");
    EXPECT_EQ(ix.with, (std::vector<std::pair<std::string, std::string>>{{"lists", "100"}, {"note", "'x'"}}));
}

// SQLAlchemy truncates convention names but refuses an explicit name over 63 characters.
TEST(SQLAlchemy, ExplicitNameOver63CharactersIsAnError) {
    const std::string long_name(64, 'u');
    auto r = one(R"(
import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
Base = declarative_base()

class A(Base):
    __tablename__ = "a"
    __table_args__ = (sa.UniqueConstraint("x", name=")" + long_name + R"("), sa.UniqueConstraint("y", name=")" +
                 std::string(63, 'v') + R"("))
    id = sa.Column(sa.Integer, primary_key=True)
    x = sa.Column(sa.Integer)
    y = sa.Column(sa.Integer)
)", opts("0.0.8", "1.4.46"));
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].severity, Severity::error);
    EXPECT_NE(r.diagnostics[0].message.find(long_name), std::string::npos);
}

// SQLModelMetaclass maps a table=True class only when no direct base is a table model
// (0.0.8: `power` is silently dropped and metadata holds `hero` only).
TEST(SQLModel, TableModelInheritingATableModelGetsNoTable) {
    auto r = one(R"(
from typing import Optional
from sqlmodel import SQLModel, Field

class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str

class SuperHero(Hero, table=True):
    power: str
)", opts("0.0.8", "1.4.46"));
    ASSERT_EQ(r.schema.tables.size(), 1u);
    EXPECT_EQ(r.schema.tables[0].name, "hero");
    EXPECT_EQ(names(r.schema.tables[0]), (std::vector<std::string>{"id", "name"}));
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].severity, Severity::warning);
    EXPECT_NE(r.diagnostics[0].message.find("SuperHero"), std::string::npos);
}

// ForeignKey(Model.attr) and ForeignKey(Model.__table__.c.attr) reference the column's
// database name, even when it differs from the attribute and the model comes later.
TEST(SQLAlchemy, ForeignKeyToAttributeUsesTheColumnName) {
    auto r = one(R"(
import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
Base = declarative_base()

class Post(Base):
    __tablename__ = "post"
    id = sa.Column(sa.Integer, primary_key=True)
    author = sa.Column(sa.Integer, sa.ForeignKey("account.account_id"))

class Comment(Base):
    __tablename__ = "comment"
    id = sa.Column(sa.Integer, primary_key=True)
    post_id = sa.Column(sa.ForeignKey(Post.id))

class Account(Base):
    __tablename__ = "account"
    uid = sa.Column("account_id", sa.Integer, primary_key=True)

class Like(Base):
    __tablename__ = "like"
    id = sa.Column(sa.Integer, primary_key=True)
    account = sa.Column(sa.Integer, sa.ForeignKey(Account.uid))
    account2 = sa.Column(sa.ForeignKey(Account.__table__.c.uid))
)", opts("0.0.8", "1.4.46"));
    ASSERT_FALSE(has_errors(r.diagnostics)) << (r.diagnostics.empty() ? "" : r.diagnostics[0].str());
    const auto* like = r.schema.find_table("like");
    ASSERT_NE(like, nullptr);
    ASSERT_EQ(like->foreign_keys.size(), 2u);
    EXPECT_EQ(like->foreign_keys[0].ref_columns, std::vector<std::string>{"account_id"});
    EXPECT_EQ(like->foreign_keys[1].ref_columns, std::vector<std::string>{"account_id"});
    // The FK-typed column takes the referenced column's type.
    EXPECT_EQ(like->find_column("account2")->type.sql, "INTEGER");
    const auto* comment = r.schema.find_table("comment");
    ASSERT_NE(comment, nullptr);
    ASSERT_FALSE(comment->foreign_keys.empty());
    EXPECT_EQ(comment->foreign_keys[0].ref_columns, std::vector<std::string>{"id"});
}

// postgresql_where as a plain string is SQL text (SQLAlchemy coerces it like text()).
TEST(SQLAlchemy, IndexWhereAsPlainString) {
    auto r = one(R"(
import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
Base = declarative_base()

class E(Base):
    __tablename__ = "e"
    __table_args__ = (sa.Index("ix_e_a", "a", postgresql_where="b IS NULL"),)
    id = sa.Column(sa.Integer, primary_key=True)
    a = sa.Column(sa.Integer)
    b = sa.Column(sa.Integer)
)", opts("0.0.8", "1.4.46"));
    ASSERT_FALSE(has_errors(r.diagnostics)) << (r.diagnostics.empty() ? "" : r.diagnostics[0].str());
    ASSERT_EQ(r.schema.tables.at(0).indexes.size(), 1u);
    EXPECT_EQ(r.schema.tables[0].indexes[0].where, "b IS NULL");
}

// Columns declared on the DeclarativeBase subclass itself are a mixin of every mapped class
// (SQLAlchemy 2.0: after the class's own columns); load_dialect_impl()'s PostgreSQL branch
// gives a TypeDecorator's type; `**kwargs` of relationship() loses no DDL. Checked against
// SQLAlchemy 2.0.52's create_all.
TEST(Declarative, BaseBodyColumnsDialectImplAndRelationshipKwargs) {
    auto r = one(R"(
import uuid
from datetime import datetime
from sqlalchemy import Integer, CHAR, String
from sqlalchemy.types import TypeDecorator
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

class GUID(TypeDecorator):
    impl = CHAR
    cache_ok = True
    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(UUID())
        else:
            return dialect.type_descriptor(CHAR(32))

class Base(DeclarativeBase):
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime | None] = mapped_column(index=True)

class Thing(Base):
    __tablename__ = "thing"
    name: Mapped[str] = mapped_column(String(20))
    ref: Mapped[uuid.UUID] = mapped_column(GUID)
    kw = dict(lazy="selectin")
    others = relationship("Thing", **kw)
)");
    ASSERT_FALSE(has_errors(r.diagnostics)) << (r.diagnostics.empty() ? "" : r.diagnostics[0].str());
    const auto* t = r.schema.find_table("thing");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(names(*t), (std::vector<std::string>{"name", "ref", "id", "created_at"}));
    EXPECT_EQ(t->find_column("ref")->type.sql, "UUID");
    ASSERT_EQ(t->indexes.size(), 1u);
    EXPECT_EQ(t->indexes[0].name.value, "ix_thing_created_at");
}

TEST(Declarative, ALoadDialectImplThatCannotBeEvaluatedIsAnError) {
    auto r = one(R"(
from sqlalchemy import CHAR
from sqlalchemy.types import TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

class Flexible(TypeDecorator):
    impl = CHAR
    def load_dialect_impl(self, dialect):
        return dialect.type_descriptor(pick_type(dialect))

class Base(DeclarativeBase):
    pass

class Thing(Base):
    __tablename__ = "thing"
    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[str] = mapped_column(Flexible)
)");
    ASSERT_TRUE(has_errors(r.diagnostics));
    bool found = false;
    for (const auto& d : r.diagnostics)
        if (d.message.find("chosen by its load_dialect_impl()") != std::string::npos) {
            found = true;
            EXPECT_EQ(d.location.str(), "app/models.py:17:40");
        }
    EXPECT_TRUE(found);
}

// Nullable spelled every way Python allows: `None | X`, `X | None`, `Union[None, X]`, and
// Optional or Union through a module-level alias. The expectations were checked against the real
// libraries (SQLModel 0.0.39 with pydantic 2.13 and SQLAlchemy 2.0.52; SQLModel 0.0.8 with
// pydantic 1.10 and SQLAlchemy 1.4.46): each of these columns is NULL, `int` alone is NOT NULL.
namespace {

const char* k_nullable_spellings_sqlmodel = R"(
from typing import Optional, Union
from sqlmodel import SQLModel, Field

class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    a: None | int = None
    b: int | None = None
    c: Union[None, int] = None
    f: None | str = Field(default=None, max_length=5)
    g: Union[None, int]
    h: int
    i: None | int
)";

void expect_nullable_spellings(const models::ExtractResult& r) {
    ASSERT_FALSE(has_errors(r.diagnostics)) << (r.diagnostics.empty() ? "" : r.diagnostics[0].str());
    const auto* t = r.schema.find_table("hero");
    ASSERT_NE(t, nullptr);
    for (const char* name : {"a", "b", "c", "f", "g", "i"}) {
        const auto* c = t->find_column(name);
        ASSERT_NE(c, nullptr) << name;
        EXPECT_TRUE(c->nullable) << name << " should be NULL";
    }
    EXPECT_FALSE(t->find_column("h")->nullable);
    EXPECT_FALSE(t->find_column("id")->nullable);
    EXPECT_EQ(t->find_column("a")->type.sql, "INTEGER");
    EXPECT_EQ(t->find_column("c")->type.sql, "INTEGER");
    EXPECT_EQ(t->find_column("f")->type.sql, "VARCHAR(5)");
}

// An alias of Optional (or of Union[None, X]) is NULL in both libraries: the alias stands for
// its value.
void expect_alias_is_nullable(const models::ExtractResult& r, const char* table,
                              std::initializer_list<const char*> columns) {
    ASSERT_FALSE(has_errors(r.diagnostics)) << (r.diagnostics.empty() ? "" : r.diagnostics[0].str());
    const auto* t = r.schema.find_table(table);
    ASSERT_NE(t, nullptr);
    for (const char* name : columns) {
        const auto* c = t->find_column(name);
        ASSERT_NE(c, nullptr) << name;
        EXPECT_TRUE(c->nullable) << name << " should be NULL";
    }
}

}  // namespace

TEST(SQLModel, NoneUnionSpellingsAreNullable) { expect_nullable_spellings(one(k_nullable_spellings_sqlmodel)); }

TEST(SQLModel, NoneUnionSpellingsAreNullableWithPydantic1) {
    expect_nullable_spellings(one(k_nullable_spellings_sqlmodel, opts("0.0.8", "1.4.46")));
}

TEST(SQLModel, OptionalThroughAnAliasIsNullable) {
    const char* src = R"(
from typing import Optional, Union
from sqlmodel import SQLModel, Field

MaybeInt = Optional[int]
IntOrNone = Union[None, int]

class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    d: MaybeInt = None
    e: IntOrNone = None
)";
    expect_alias_is_nullable(one(src), "hero", {"d", "e"});
    expect_alias_is_nullable(one(src, opts("0.0.8", "1.4.46")), "hero", {"d", "e"});
}

TEST(Mapped, NoneUnionSpellingsAreNullable) {
    auto r = one(R"(
from typing import Optional, Union
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

class Base(DeclarativeBase):
    pass

class U(Base):
    __tablename__ = "u"
    id: Mapped[int] = mapped_column(primary_key=True)
    a: Mapped[None | str]
    b: Mapped[Union[None, str]]
    e: Mapped[None | str] = mapped_column(String(20))
    f: Mapped[str]
    g: Mapped[str | None]
    h: Mapped[Union[str, None]] = mapped_column()
)");
    ASSERT_FALSE(has_errors(r.diagnostics)) << (r.diagnostics.empty() ? "" : r.diagnostics[0].str());
    const auto* u = r.schema.find_table("u");
    ASSERT_NE(u, nullptr);
    for (const char* name : {"a", "b", "e", "g", "h"}) {
        const auto* c = u->find_column(name);
        ASSERT_NE(c, nullptr) << name;
        EXPECT_TRUE(c->nullable) << name << " should be NULL";
        EXPECT_EQ(c->type.sql, name == std::string("e") ? "VARCHAR(20)" : "VARCHAR") << name;
    }
    EXPECT_FALSE(u->find_column("f")->nullable);
    EXPECT_FALSE(u->find_column("id")->nullable);
}

TEST(Mapped, OptionalThroughAnAliasIsNullable) {
    auto r = one(R"(
from typing import Optional, Union
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

OptStr = Optional[str]
StrOrNone = Union[None, str]

class Base(DeclarativeBase):
    pass

class U(Base):
    __tablename__ = "u"
    id: Mapped[int] = mapped_column(primary_key=True)
    c: Mapped[OptStr]
    d: Mapped[StrOrNone]
)");
    expect_alias_is_nullable(r, "u", {"c", "d"});
}
