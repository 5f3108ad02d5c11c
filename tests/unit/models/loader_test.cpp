// The model loader: discovery as Alembic sees it (from env.py through Python's imports), module
// resolution as sys.path does it, and nothing lost without a word.
#include <gtest/gtest.h>

#include <algorithm>

#include "mig_guard/models/loader.hpp"

using namespace mig_guard;

namespace {

using Files = std::map<std::string, std::string, std::less<>>;

const char* k_env = R"(from alembic import context
from sqlmodel import SQLModel
import app.models  # noqa

target_metadata = SQLModel.metadata
)";

models::LoadSpec spec_for(std::string root = "", std::string env = "migrations/env.py") {
    models::LoadSpec s;
    s.root = root;
    s.env_py = env;
    s.search_path = {root, ""};
    s.exclude_dirs = {env.substr(0, env.rfind('/'))};
    return s;
}

std::vector<std::string> table_names(const models::LoadResult& r) {
    std::vector<std::string> out;
    for (const auto& t : r.schema.tables) out.push_back(t.name);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> column_names(const models::LoadResult& r, const std::string& table) {
    std::vector<std::string> out;
    if (const auto* t = r.schema.find_table(table))
        for (const auto& c : t->columns) out.push_back(c.name);
    return out;
}

std::string all(const Diagnostics& ds) {
    std::string out;
    for (const auto& d : ds) out += d.str() + "\n";
    return out;
}

const Diagnostic* find_diag(const Diagnostics& ds, std::string_view needle) {
    for (const auto& d : ds)
        if (d.message.find(needle) != std::string::npos) return &d;
    return nullptr;
}

std::vector<std::string> files_read(const models::LoadResult& r) {
    std::vector<std::string> out;
    for (const auto& f : r.files) out.push_back(f.path);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST(Loader, FollowsEnvPyThroughPackageReExportsAndMixinsAcrossPackages) {
    Files files{
        {"migrations/env.py", k_env},
        {"app/__init__.py", ""},
        {"app/models/__init__.py", "from .user import User\nfrom app.models.token import *\n"},
        {"app/core/__init__.py", ""},
        {"app/core/mixins.py", R"(from datetime import datetime
from sqlmodel import SQLModel, Field

class TimestampMixin(SQLModel):
    created_at: datetime = Field(default_factory=datetime.utcnow)
    updated_at: datetime = Field(default_factory=datetime.utcnow)
)"},
        {"app/models/user.py", R"(from sqlmodel import SQLModel, Field
from app.core.mixins import TimestampMixin

class User(TimestampMixin, SQLModel, table=True):
    id: int = Field(primary_key=True)
)"},
        {"app/models/token.py", R"(from sqlmodel import SQLModel, Field
from ..core import mixins as m

__all__ = ["Token"]

class Token(m.TimestampMixin, table=True):
    id: int = Field(primary_key=True)
    value: str
)"},
        // Off the graph: never read, so its (3.9-invalid) syntax blocks nothing.
        {"app/api/deps.py", "def f(:\n"},
        {"scripts/seed.py", "class Seed(SQLModel, table=True):\n    id: int = Field(primary_key=True)\n"},
    };
    MemoryTree tree(files);
    auto r = models::load_models(tree, spec_for());
    EXPECT_FALSE(has_errors(r.diagnostics)) << all(r.diagnostics);
    EXPECT_EQ(table_names(r), (std::vector<std::string>{"token", "user"}));
    EXPECT_EQ(column_names(r, "token"), (std::vector<std::string>{"created_at", "updated_at", "id", "value"}));
    EXPECT_EQ(column_names(r, "user"), (std::vector<std::string>{"created_at", "updated_at", "id"}));
    EXPECT_EQ(files_read(r), (std::vector<std::string>{"app/__init__.py", "app/core/__init__.py", "app/core/mixins.py",
                                                       "app/models/__init__.py", "app/models/token.py",
                                                       "app/models/user.py", "migrations/env.py"}));
}

TEST(Loader, ImportOrderPutsAModuleAfterWhatItImports) {
    Files files{{"migrations/env.py", "import app.models.b\ntarget_metadata = None\n"},
                {"app/models/a.py", "X = 1\n"},
                {"app/models/b.py", "from app.models.a import *\n"}};
    MemoryTree tree(files);
    auto r = models::load_models(tree, spec_for());
    // `from x import *` sees x's names only when x ran first, as in Python.
    ASSERT_EQ(r.modules.size(), 3u);
    EXPECT_EQ(r.modules[0], "app.models.a");
    EXPECT_EQ(r.modules[1], "app.models.b");
    EXPECT_EQ(r.modules[2], "");
}

TEST(Loader, TypeCheckingImportsAndFunctionBodiesAreNotFollowed) {
    Files files{
        {"migrations/env.py", R"(from typing import TYPE_CHECKING
import typing
from sqlmodel import SQLModel
if TYPE_CHECKING:
    import app.hidden
if typing.TYPE_CHECKING:
    pass
else:
    import app.shown

def run_migrations_online():
    import app.late  # env.py runs its functions: followed

target_metadata = SQLModel.metadata
)"},
        {"app/hidden.py", "from sqlmodel import SQLModel, Field\nclass H(SQLModel, table=True):\n    id: int = Field(primary_key=True)\n"},
        {"app/shown.py", R"(from sqlmodel import SQLModel, Field
class S(SQLModel, table=True):
    id: int = Field(primary_key=True)

def helper():
    import app.never  # a module's functions do not run on import
)"},
        {"app/late.py", "from sqlmodel import SQLModel, Field\nclass L(SQLModel, table=True):\n    id: int = Field(primary_key=True)\n"},
        {"app/never.py", "from sqlmodel import SQLModel, Field\nclass N(SQLModel, table=True):\n    id: int = Field(primary_key=True)\n"},
    };
    MemoryTree tree(files);
    auto r = models::load_models(tree, spec_for());
    EXPECT_FALSE(has_errors(r.diagnostics)) << all(r.diagnostics);
    EXPECT_EQ(table_names(r), (std::vector<std::string>{"l", "s"}));
    // app/hidden.py and app/never.py sit beside the models and define tables nothing imports.
    const Diagnostic* d = find_diag(r.diagnostics, "table `h` is defined here");
    ASSERT_NE(d, nullptr) << all(r.diagnostics);
    EXPECT_EQ(d->severity, Severity::warning);
    EXPECT_EQ(d->location.file, "app/hidden.py");
    EXPECT_EQ(d->location.line, 2u);
    EXPECT_NE(d->help.find("`import app.hidden` to migrations/env.py"), std::string::npos) << d->help;
    EXPECT_NE(find_diag(r.diagnostics, "table `n` is defined here"), nullptr);
}

TEST(Loader, ImportAsAndFromPackageImportSubmodule) {
    Files files{
        {"migrations/env.py", "import app.db.tables as t\nfrom app import models\ntarget_metadata = t.metadata\n"},
        {"app/__init__.py", ""},
        {"app/db/__init__.py", "from sqlalchemy import MetaData\nmetadata = MetaData()\n"},
        {"app/db/tables.py", R"(import sqlalchemy as sa
from app.db import metadata
audit = sa.Table("audit", metadata, sa.Column("id", sa.Integer, primary_key=True))
)"},
        {"app/models.py", R"(import sqlalchemy as sa
from app.db import metadata
item = sa.Table("item", metadata, sa.Column("id", sa.Integer, primary_key=True))
)"},
    };
    MemoryTree tree(files);
    auto r = models::load_models(tree, spec_for());
    EXPECT_FALSE(has_errors(r.diagnostics)) << all(r.diagnostics);
    EXPECT_EQ(table_names(r), (std::vector<std::string>{"audit", "item"}));
}

TEST(Loader, StarImportOfAPackageImportsTheSubmodulesInAll) {
    Files files{
        {"migrations/env.py", "from sqlmodel import SQLModel\nfrom app.models import *\ntarget_metadata = SQLModel.metadata\n"},
        {"app/models/__init__.py", "__all__ = ['user', 'Thing']\nThing = 1\n"},
        {"app/models/user.py", "from sqlmodel import SQLModel, Field\nclass User(SQLModel, table=True):\n    id: int = Field(primary_key=True)\n"},
    };
    MemoryTree tree(files);
    auto r = models::load_models(tree, spec_for());
    EXPECT_FALSE(has_errors(r.diagnostics)) << all(r.diagnostics);
    EXPECT_EQ(table_names(r), std::vector<std::string>{"user"});
}

TEST(Loader, BaseInItsOwnPackageAndCodeBesideBackend) {
    // The usual SQLAlchemy 2.0 service layout, under backend/, importing a package that sits
    // beside backend/ at the repository's root.
    Files files{
        {"backend/alembic/env.py", "from app.db.base import Base\nimport app.models\ntarget_metadata = Base.metadata\n"},
        {"backend/app/__init__.py", ""},
        {"backend/app/db/__init__.py", ""},
        {"backend/app/db/base.py", "from sqlalchemy.orm import DeclarativeBase\nclass Base(DeclarativeBase):\n    pass\n"},
        {"backend/app/models/__init__.py", "from .order import Order\n"},
        {"backend/app/models/order.py", R"(from sqlalchemy.orm import Mapped, mapped_column
from app.db.base import Base
from shared.mixins import AuditMixin

class Order(AuditMixin, Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
)"},
        {"shared/__init__.py", ""},
        {"shared/mixins.py", R"(from sqlalchemy.orm import Mapped, mapped_column
class AuditMixin:
    created_by: Mapped[str] = mapped_column()
)"},
    };
    MemoryTree tree(files);
    models::LoadSpec s = spec_for("backend", "backend/alembic/env.py");
    s.search_path = {"backend", ""};
    auto r = models::load_models(tree, s);
    EXPECT_FALSE(has_errors(r.diagnostics)) << all(r.diagnostics);
    EXPECT_EQ(column_names(r, "orders"), (std::vector<std::string>{"id", "created_by"}));
    // Paths are relative to the project root, also outside it.
    auto files_ = files_read(r);
    EXPECT_NE(std::find(files_.begin(), files_.end(), "../shared/mixins.py"), files_.end());
}

TEST(Loader, PackageRootsAreFoundWhenEnvPyExtendsSysPath) {
    // env.py does sys.path.insert(0, <backend>) at run time; the loader finds backend/ as the
    // directory above the top-level package `app`.
    Files files{
        {"alembic.ini", ""},
        {"backend/alembic/env.py", "import sys\nsys.path.insert(0, 'backend')\nimport app.models\nfrom sqlmodel import SQLModel\ntarget_metadata = SQLModel.metadata\n"},
        {"backend/app/__init__.py", ""},
        {"backend/app/models/__init__.py", "from .user import User\n"},
        {"backend/app/models/user.py", "from sqlmodel import SQLModel, Field\nclass User(SQLModel, table=True):\n    id: int = Field(primary_key=True)\n"},
        {"docs/examples/app/__init__.py", "raise SystemExit\n"},
    };
    MemoryTree tree(files);
    auto r = models::load_models(tree, spec_for("", "backend/alembic/env.py"));
    EXPECT_FALSE(has_errors(r.diagnostics)) << all(r.diagnostics);
    EXPECT_EQ(table_names(r), std::vector<std::string>{"user"});
    EXPECT_EQ(files_read(r), (std::vector<std::string>{"backend/alembic/env.py", "backend/app/__init__.py",
                                                       "backend/app/models/__init__.py", "backend/app/models/user.py"}));
}

TEST(Loader, SrcLayoutResolvesFromItsPackageRoot) {
    Files files{
        {"migrations/env.py", "from shop.models import Base\ntarget_metadata = Base.metadata\n"},
        {"src/shop/__init__.py", ""},
        {"src/shop/models.py", R"(from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
class Base(DeclarativeBase):
    pass
class Item(Base):
    __tablename__ = "item"
    id: Mapped[int] = mapped_column(primary_key=True)
)"},
    };
    MemoryTree tree(files);
    models::LoadSpec s = spec_for();
    s.search_path = {""};  // not even src/ configured: found as a package root
    auto r = models::load_models(tree, s);
    EXPECT_FALSE(has_errors(r.diagnostics)) << all(r.diagnostics);
    EXPECT_EQ(table_names(r), std::vector<std::string>{"item"});
}

TEST(Loader, TargetMetadataNoneMissingOrOutsideTheRepositoryIsAnError) {
    auto load = [](const std::string& env) {
        Files files{{"migrations/env.py", env}};
        MemoryTree tree(files);
        return models::load_models(tree, spec_for());
    };
    auto none = load("from alembic import context\ntarget_metadata = None\n");
    const Diagnostic* d = find_diag(none.diagnostics, "target_metadata is None");
    ASSERT_NE(d, nullptr) << all(none.diagnostics);
    EXPECT_EQ(d->severity, Severity::error);
    EXPECT_EQ(d->location.str(), "migrations/env.py:2:19");

    auto missing = load("from alembic import context\n");
    ASSERT_NE(find_diag(missing.diagnostics, "assigns no target_metadata"), nullptr) << all(missing.diagnostics);
    EXPECT_TRUE(has_errors(missing.diagnostics));

    auto outside = load("from corp_models.base import Base\ntarget_metadata = Base.metadata\n");
    d = find_diag(outside.diagnostics, "target_metadata comes from `corp_models.base`, which is not in the repository");
    ASSERT_NE(d, nullptr) << all(outside.diagnostics);
    EXPECT_EQ(d->severity, Severity::error);
    EXPECT_NE(d->help.find("import_roots"), std::string::npos);

    // SQLModel's own metadata is fine without its sources; no table reached is a warning.
    auto sqlmodel = load("from sqlmodel import SQLModel\ntarget_metadata = SQLModel.metadata\n");
    EXPECT_FALSE(has_errors(sqlmodel.diagnostics)) << all(sqlmodel.diagnostics);
    EXPECT_TRUE(sqlmodel.no_table_reached);
    EXPECT_NE(find_diag(sqlmodel.diagnostics, "no table model is reached"), nullptr);
}

TEST(Loader, NoTableReachedPointsAtTheModelsNothingImports) {
    Files files{
        {"migrations/env.py", "from core.db import Base\ntarget_metadata = Base.metadata\n"},
        {"core/__init__.py", ""},
        {"core/db.py", "from sqlalchemy.orm import declarative_base\nBase = declarative_base()\n"},
        {"app/user/entity.py", R"(import sqlalchemy as sa
from core.db import Base
class User(Base):
    __tablename__ = "user"
    id = sa.Column(sa.Integer, primary_key=True)
)"},
    };
    MemoryTree tree(files);
    auto r = models::load_models(tree, spec_for());
    EXPECT_TRUE(r.no_table_reached);
    EXPECT_TRUE(r.schema.tables.empty());
    const Diagnostic* d = find_diag(r.diagnostics, "table `user` is defined here");
    ASSERT_NE(d, nullptr) << all(r.diagnostics);
    EXPECT_EQ(d->location.file, "app/user/entity.py");
    EXPECT_NE(d->help.find("`import app.user.entity` to migrations/env.py"), std::string::npos) << d->help;
}

TEST(Loader, AnUnresolvedMixinIsAnErrorNotAMissingColumn) {
    Files files{
        {"migrations/env.py", k_env},
        {"app/models/__init__.py", "from .token import Token\n"},
        {"app/models/token.py", R"(from sqlmodel import SQLModel, Field
from app.models.mixins import TimestampMixin
from fastapi_users_db_sqlalchemy import SQLAlchemyBaseUserTable

class Token(TimestampMixin, SQLModel, table=True):
    id: int = Field(primary_key=True)
)"},
    };
    MemoryTree tree(files);
    auto r = models::load_models(tree, spec_for());
    const Diagnostic* d = find_diag(r.diagnostics, "cannot resolve the base class `TimestampMixin` of model `Token`");
    ASSERT_NE(d, nullptr) << all(r.diagnostics);
    EXPECT_EQ(d->severity, Severity::error);
    EXPECT_EQ(d->location.str(), "app/models/token.py:5:13");
    EXPECT_NE(d->message.find("imported from `app.models.mixins`, which is not in the repository"), std::string::npos);
}

TEST(Loader, EntriesNameTheModulesAndFollowTheirImports) {
    // `mig-guard schema backend/app/models/token.py`: the name comes from the __init__ chain.
    Files files{
        {"backend/app/__init__.py", ""},
        {"backend/app/models/__init__.py", ""},
        {"backend/app/models/base.py", "from sqlmodel import SQLModel, Field\nclass Stamp(SQLModel):\n    at: int = 0\n"},
        {"backend/app/models/token.py", R"(from sqlmodel import Field
from app.models.base import Stamp
class Token(Stamp, table=True):
    id: int = Field(primary_key=True)
)"},
    };
    MemoryTree tree(files);
    models::LoadSpec s;
    s.entries = {"backend/app/models/token.py"};
    s.search_path = {""};
    auto r = models::load_models(tree, s);
    EXPECT_FALSE(has_errors(r.diagnostics)) << all(r.diagnostics);
    EXPECT_EQ(column_names(r, "token"), (std::vector<std::string>{"at", "id"}));
    auto it = std::find(r.modules.begin(), r.modules.end(), "app.models.token");
    EXPECT_NE(it, r.modules.end());
}

TEST(Loader, RelativeImportBeyondTheTopPackageIsNotFollowed) {
    Files files{{"migrations/env.py", "import app\nfrom sqlmodel import SQLModel\ntarget_metadata = SQLModel.metadata\n"},
                {"app/__init__.py", "from ... import nothing\nfrom . import models\n"},
                // What `from ... import nothing` would reach if the level were not checked.
                {"nothing.py", "from sqlmodel import SQLModel, Field\nclass N(SQLModel, table=True):\n    id: int = Field(primary_key=True)\n"},
                {"app/models.py", "from sqlmodel import SQLModel, Field\nclass A(SQLModel, table=True):\n    id: int = Field(primary_key=True)\n"}};
    MemoryTree tree(files);
    auto r = models::load_models(tree, spec_for());
    EXPECT_FALSE(has_errors(r.diagnostics)) << all(r.diagnostics);
    EXPECT_EQ(table_names(r), std::vector<std::string>{"a"});
}

TEST(Loader, ASyntaxErrorOnTheGraphIsReportedWithItsLocation) {
    Files files{{"migrations/env.py", k_env}, {"app/models.py", "class A(:\n"}};
    MemoryTree tree(files);
    auto r = models::load_models(tree, spec_for());
    ASSERT_TRUE(has_errors(r.diagnostics));
    EXPECT_EQ(r.diagnostics[0].location.file, "app/models.py");
    EXPECT_EQ(r.diagnostics[0].location.line, 1u);
}

TEST(Loader, ImportlibLoopsOverANamedPackageReadEveryModuleOfIt) {
    Files files{
        {"migrations/env.py", R"(import importlib
import pkgutil
from app.db import Base

def import_models(package_name):
    package = importlib.import_module(package_name)
    for _, name, _ in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(name)

import_models("app.models")
target_metadata = Base.metadata
)"},
        {"app/__init__.py", ""},
        {"app/db.py", "from sqlalchemy.orm import declarative_base\nBase = declarative_base()\n"},
        {"app/models/__init__.py", ""},
        {"app/models/post.py", "import sqlalchemy as sa\nfrom app.db import Base\nclass Post(Base):\n    __tablename__ = 'post'\n    id = sa.Column(sa.Integer, primary_key=True)\n"},
        {"app/models/sub/__init__.py", ""},
        {"app/models/sub/tag.py", "import sqlalchemy as sa\nfrom app.db import Base\nclass Tag(Base):\n    __tablename__ = 'tag'\n    id = sa.Column(sa.Integer, primary_key=True)\n"},
        {"app/models/tests/test_post.py", "import sqlalchemy as sa\nfrom app.db import Base\nclass Fake(Base):\n    __tablename__ = 'fake'\n    id = sa.Column(sa.Integer, primary_key=True)\n"},
    };
    MemoryTree tree(files);
    auto r = models::load_models(tree, spec_for());
    EXPECT_FALSE(has_errors(r.diagnostics)) << all(r.diagnostics);
    EXPECT_EQ(table_names(r), (std::vector<std::string>{"post", "tag"}));
    const Diagnostic* d = find_diag(r.diagnostics, "modules are imported dynamically here");
    ASSERT_NE(d, nullptr) << all(r.diagnostics);
    EXPECT_EQ(d->severity, Severity::note);
    EXPECT_EQ(d->location.str(), "migrations/env.py:6:15");
    EXPECT_NE(d->message.find("every module of `app.models`"), std::string::npos);
}

TEST(Loader, APackageThatImportsItsOwnModulesInALoop) {
    Files files{
        {"migrations/env.py", "from sqlmodel import SQLModel\nimport app.models\ntarget_metadata = SQLModel.metadata\n"},
        {"app/models/__init__.py", "import importlib, pkgutil\nfor m in pkgutil.iter_modules(__path__):\n    importlib.import_module(f'{__name__}.{m.name}')\n"},
        {"app/models/a.py", "from sqlmodel import SQLModel, Field\nclass A(SQLModel, table=True):\n    id: int = Field(primary_key=True)\n"},
    };
    MemoryTree tree(files);
    auto r = models::load_models(tree, spec_for());
    EXPECT_FALSE(has_errors(r.diagnostics)) << all(r.diagnostics);
    EXPECT_EQ(table_names(r), std::vector<std::string>{"a"});
}

TEST(Loader, ADynamicImportItCannotFollowIsAWarning) {
    Files files{
        {"migrations/env.py", "import importlib, os\nfrom sqlmodel import SQLModel\nimportlib.import_module(os.environ['MODELS'])\n"
                              "target_metadata = SQLModel.metadata\n"},
    };
    MemoryTree tree(files);
    auto r = models::load_models(tree, spec_for());
    const Diagnostic* d = find_diag(r.diagnostics, "mig-guard cannot tell which");
    ASSERT_NE(d, nullptr) << all(r.diagnostics);
    EXPECT_EQ(d->severity, Severity::warning);
    EXPECT_EQ(d->location.str(), "migrations/env.py:3:1");
}

TEST(Loader, ADeclarativeClassWithColumnsButNoTableIsAnError) {
    Files files{
        {"migrations/env.py", "from app.models import Base\ntarget_metadata = Base.metadata\n"},
        {"app/models.py", R"(import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
Base = declarative_base()

class Auditable(Base):
    created_by = sa.Column(sa.String(50))

class Helper(Base):
    __abstract__ = True
    updated_by = sa.Column(sa.String(50))

class Doc(Helper):
    __tablename__ = "doc"
    id = sa.Column(sa.Integer, primary_key=True)
)"},
    };
    MemoryTree tree(files);
    auto r = models::load_models(tree, spec_for());
    const Diagnostic* d = find_diag(r.diagnostics, "class `Auditable` declares columns");
    ASSERT_NE(d, nullptr) << all(r.diagnostics);
    EXPECT_EQ(d->severity, Severity::error);
    EXPECT_EQ(d->location.str(), "app/models.py:5:1");
    EXPECT_EQ(find_diag(r.diagnostics, "class `Helper`"), nullptr);
    EXPECT_EQ(column_names(r, "doc"), (std::vector<std::string>{"id", "updated_by"}));
}

TEST(Loader, Pep695TypeAliasesAreAnnotationAliases) {
    // `type X = ...` (Python 3.12+) stands for its value in Mapped[...]: checked against
    // SQLAlchemy 2.0.52 on Python 3.12 (a INTEGER NULL, b VARCHAR NOT NULL).
    Files files{
        {"migrations/env.py", "from app.models import Base\ntarget_metadata = Base.metadata\n"},
        {"app/models.py", R"(from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
type MaybeInt = int | None
type Name = str

class Base(DeclarativeBase):
    pass

class U(Base):
    __tablename__ = "u"
    id: Mapped[int] = mapped_column(primary_key=True)
    a: Mapped[MaybeInt]
    b: Mapped[Name]
)"},
    };
    MemoryTree tree(files);
    auto r = models::load_models(tree, spec_for());
    ASSERT_FALSE(has_errors(r.diagnostics)) << all(r.diagnostics);
    const auto* t = r.schema.find_table("u");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->find_column("a")->type.sql, "INTEGER");
    EXPECT_TRUE(t->find_column("a")->nullable);
    EXPECT_EQ(t->find_column("b")->type.sql, "VARCHAR");
    EXPECT_FALSE(t->find_column("b")->nullable);
}

TEST(Loader, AnImportChainTooDeepToFollowIsAnErrorNotALoss) {
    Files files{{"migrations/env.py", "from sqlmodel import SQLModel\nimport app.m0\ntarget_metadata = SQLModel.metadata\n"}};
    for (int i = 0; i < 260; ++i)
        files["app/m" + std::to_string(i) + ".py"] = "import app.m" + std::to_string(i + 1) + "\n";
    files["app/m260.py"] = "from sqlmodel import SQLModel, Field\nclass Deep(SQLModel, table=True):\n    id: int = Field(primary_key=True)\n";
    MemoryTree tree(files);
    auto r = models::load_models(tree, spec_for());
    const Diagnostic* d = find_diag(r.diagnostics, "imports nest deeper than");
    ASSERT_NE(d, nullptr) << all(r.diagnostics);
    EXPECT_EQ(d->severity, Severity::error);
}

TEST(Loader, AFieldRedeclaredInATableModelMovesWithPydantic2Only) {
    // SQLModel 0.0.8 (pydantic 1): title, description, id, owner_id; SQLModel 0.0.39 (pydantic 2):
    // description, id, title, owner_id — as create_all builds them.
    Files files{
        {"migrations/env.py", "from sqlmodel import SQLModel\nimport app.models\ntarget_metadata = SQLModel.metadata\n"},
        {"app/models.py", R"(from typing import Optional
from sqlmodel import SQLModel, Field
class ItemBase(SQLModel):
    title: str
    description: Optional[str] = None
class Item(ItemBase, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    title: str = Field(max_length=10)
    owner_id: Optional[int] = None
)"},
    };
    MemoryTree tree(files);
    models::LoadSpec s = spec_for();
    s.versions.sqlmodel = {0, 0, 39};
    s.versions.pydantic = {2, 13, 0};
    auto r = models::load_models(tree, s);
    ASSERT_FALSE(has_errors(r.diagnostics)) << all(r.diagnostics);
    EXPECT_EQ(column_names(r, "item"), (std::vector<std::string>{"description", "id", "title", "owner_id"}));
    EXPECT_EQ(r.schema.find_table("item")->find_column("title")->type.sql, "VARCHAR(10)");
    s.versions.sqlmodel = {0, 0, 8};
    s.versions.pydantic = {1, 10, 0};
    r = models::load_models(tree, s);
    EXPECT_EQ(column_names(r, "item"), (std::vector<std::string>{"title", "description", "id", "owner_id"}));
}
