// The gate's decisions (gate::evaluate) over snapshots read from in-memory trees: MG101 for a
// models change no added revision accounts for, MG102 for an added revision that is unreviewed
// or changed since review, MG103 for a committed revision edited or deleted, and acknowledged
// error findings downgraded to warnings.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>
#include <string>

#include "mig_guard/common/tree.hpp"
#include "mig_guard/config/settings.hpp"
#include "mig_guard/gate/gate.hpp"
#include "mig_guard/ledger/ledger.hpp"

using namespace mig_guard;

namespace {

using Files = std::map<std::string, std::string, std::less<>>;

const char* k_no_models = R"(from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass
)";

const char* k_task_model = R"(import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Task(Base):
    __tablename__ = "task"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(50))
)";

const char* k_execute_revision = R"("""backfill

Revision ID: b2c3d4e5f6a7
Revises: {down}
"""
from alembic import op
import sqlalchemy as sa

revision = 'b2c3d4e5f6a7'
down_revision = '{down}'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE task SET title = 'x'")


def downgrade() -> None:
    pass
)";

Files project_files(const std::string& models) {
    return {{"alembic.ini", "[alembic]\nscript_location = migrations\n"},
            {"migrations/env.py", "from app.models import Base\ntarget_metadata = Base.metadata\n"},
            {"pyproject.toml", "[tool.mig-guard]\nmodels = [\"app/models.py\"]\nsqlmodel = \"0.0.22\"\n"
                               "sqlalchemy = \"2.0.36\"\n"},
            {"app/__init__.py", ""},
            {"app/models.py", models}};
}

config::Project project_of(const Files& files) { return config::load_project(MemoryTree(files), ""); }

gate::Snapshot snapshot(const Files& files, const std::string& label) {
    return gate::read_snapshot(MemoryTree(files, label), project_of(files));
}

// The ledger with `revisions` reviewed as they are in `files`, acknowledging `ack`.
void review(Files& files, const std::vector<std::string>& paths, std::vector<std::string> ack = {}) {
    ledger::Ledger l;
    auto it = files.find("migrations/mig-guard.lock");
    if (it != files.end()) l = ledger::parse_ledger(it->second, it->first);
    for (const auto& path : paths) {
        const std::string& text = files.at(path);
        std::smatch id;
        EXPECT_TRUE(std::regex_search(text, id, std::regex(R"(\nrevision(: str)? = '(\w+)')"))) << path;
        ledger::Entry e;
        e.id = id[2];
        e.file = path.substr(std::string("migrations/").size());
        e.sha256 = ledger::checksum(text);
        e.reviewed_by = "Ada Lovelace <ada@example.com>";
        e.reviewed_at = "2026-11-22T10:15:00Z";
        e.acknowledged = ack;
        l.upsert(e);
    }
    files["migrations/mig-guard.lock"] = ledger::render_ledger(l);
}

std::vector<std::string> codes(const gate::Outcome& o, lint::Level level) {
    std::vector<std::string> out;
    for (const auto& f : o.findings)
        if (f.level == level) out.push_back(f.code);
    std::sort(out.begin(), out.end());
    return out;
}

bool has(const gate::Outcome& o, const std::string& code) {
    return std::any_of(o.findings.begin(), o.findings.end(), [&](const auto& f) { return f.code == code; });
}

gate::Outcome evaluate(const Files& base, const Files& head) {
    return gate::evaluate(snapshot(base, "HEAD"), snapshot(head, "index"), project_of(head), {});
}

std::string diagnostics_text(const gate::Outcome& o) {
    std::string out;
    for (const auto& d : o.diagnostics) out += d.str() + "\n";
    for (const auto& f : o.findings) out += f.code + " " + f.message + "\n";
    return out;
}

// A project whose task model is accounted for by a reviewed, committed revision: the revision is
// the one the gate writes for the drift from an empty project.
struct Committed {
    Files files;
    std::string revision_path;
};

Committed committed_project() {
    Files empty = project_files(k_no_models);
    Files head = project_files(k_task_model);
    gate::Outcome o = evaluate(empty, head);
    EXPECT_TRUE(o.missing.has_value()) << diagnostics_text(o);
    if (!o.missing) return {head, ""};
    head[o.missing->path] = o.missing->text;
    review(head, {o.missing->path});
    return {head, o.missing->path};
}

}  // namespace

TEST(Evaluate, ModelsChangedWithoutARevisionIsMG101WithTheRevisionToAdd) {
    gate::Outcome o = evaluate(project_files(k_no_models), project_files(k_task_model));
    EXPECT_TRUE(o.models_changed);
    EXPECT_TRUE(o.failed());
    EXPECT_TRUE(has(o, "MG101")) << diagnostics_text(o);
    ASSERT_TRUE(o.missing.has_value());
    EXPECT_NE(o.missing->text.find("op.create_table('task'"), std::string::npos) << o.missing->text;
    EXPECT_EQ(o.missing->path.rfind("migrations/versions/", 0), 0u) << o.missing->path;
}

TEST(Evaluate, NothingChangedPasses) {
    Committed c = committed_project();
    gate::Outcome o = evaluate(c.files, c.files);
    EXPECT_FALSE(o.failed()) << diagnostics_text(o);
    EXPECT_FALSE(o.models_changed);
    EXPECT_TRUE(o.added.empty());
}

TEST(Evaluate, TheAddedRevisionUnreviewedIsMG102NotMG101) {
    Files base = project_files(k_no_models);
    Files head = project_files(k_task_model);
    gate::Outcome first = evaluate(base, head);
    ASSERT_TRUE(first.missing.has_value());
    head[first.missing->path] = first.missing->text;
    gate::Outcome o = evaluate(base, head);
    EXPECT_FALSE(has(o, "MG101")) << diagnostics_text(o);
    EXPECT_FALSE(o.missing.has_value());
    EXPECT_TRUE(has(o, "MG102")) << diagnostics_text(o);
    EXPECT_TRUE(o.failed());
    ASSERT_EQ(o.added.size(), 1u);
    EXPECT_EQ(o.added[0], first.missing->id);
}

TEST(Evaluate, TheAddedRevisionReviewedPasses) {
    Committed c = committed_project();
    gate::Outcome o = evaluate(project_files(k_no_models), c.files);
    EXPECT_TRUE(o.models_changed);
    EXPECT_FALSE(has(o, "MG101"));
    EXPECT_FALSE(has(o, "MG102"));
    EXPECT_FALSE(o.failed()) << diagnostics_text(o);
}

TEST(Evaluate, ARevisionChangedAfterReviewIsMG102Again) {
    Committed c = committed_project();
    Files head = c.files;
    head[c.revision_path] += "\n# changed after review\n";
    gate::Outcome o = evaluate(project_files(k_no_models), head);
    EXPECT_TRUE(has(o, "MG102")) << diagnostics_text(o);
    EXPECT_TRUE(o.failed());
}

TEST(Evaluate, EditingACommittedRevisionIsMG103) {
    Committed c = committed_project();
    Files head = c.files;
    head[c.revision_path] += "\n# edited after it was committed\n";
    review(head, {c.revision_path});  // even re-reviewed: what ran in production is history
    gate::Outcome o = evaluate(c.files, head);
    EXPECT_TRUE(has(o, "MG103")) << diagnostics_text(o);
    EXPECT_TRUE(o.failed());
}

TEST(Evaluate, DeletingACommittedRevisionIsMG103) {
    Committed c = committed_project();
    Files head = c.files;
    head.erase(c.revision_path);
    gate::Outcome o = evaluate(c.files, head);
    EXPECT_TRUE(has(o, "MG103")) << diagnostics_text(o);
    EXPECT_TRUE(o.failed());
}

TEST(Evaluate, AnUnacknowledgedErrorFindingFailsAndAnAcknowledgedOneIsAWarning) {
    Committed c = committed_project();
    std::string id = c.revision_path.substr(std::string("migrations/versions/").size(), 12);
    std::string text = k_execute_revision;
    for (auto at = text.find("{down}"); at != std::string::npos; at = text.find("{down}"))
        text.replace(at, 6, id);
    Files head = c.files;
    const std::string path = "migrations/versions/b2c3d4e5f6a7_backfill.py";
    head[path] = text;

    review(head, {path});
    gate::Outcome reviewed = evaluate(c.files, head);
    EXPECT_FALSE(has(reviewed, "MG102")) << diagnostics_text(reviewed);
    EXPECT_EQ(codes(reviewed, lint::Level::error), std::vector<std::string>{"MG301"}) << diagnostics_text(reviewed);
    EXPECT_TRUE(reviewed.failed());

    review(head, {path}, {"MG301"});
    gate::Outcome acknowledged = evaluate(c.files, head);
    EXPECT_EQ(codes(acknowledged, lint::Level::error), std::vector<std::string>{}) << diagnostics_text(acknowledged);
    EXPECT_EQ(codes(acknowledged, lint::Level::warning), std::vector<std::string>{"MG301"});
    EXPECT_FALSE(acknowledged.failed()) << diagnostics_text(acknowledged);

    // An acknowledgement belongs to the reviewed bytes: a change voids it with the review.
    head[path] += "\n# changed\n";
    gate::Outcome changed = evaluate(c.files, head);
    EXPECT_TRUE(has(changed, "MG102"));
    EXPECT_TRUE(changed.failed());
}
