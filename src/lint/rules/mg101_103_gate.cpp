// The gate's rules: their documentation lives in the catalog like every rule's; the gate
// (src/gate) decides them, since they need git history and the review ledger.
#include "rules.hpp"

namespace mig_guard::lint::rules {

const Rule& mg101_missing_migration() {
    static const Rule rule{
        "MG101", "missing-migration", Level::error, "models differ from what the revision chain produces (drift)",
        {"Flags a change to the models that the revisions added in the same change do not account for: the "
         "schema the added revisions produce, replayed on the previous models' schema, differs from the new "
         "models. `mig-guard check` writes the missing revision into the versions directory; `mig-guard ci` "
         "prints it.",
         "A model change without its migration deploys code that expects columns the database does not have: "
         "the first query fails in production, or `alembic revision --autogenerate` later bundles the change "
         "into an unrelated revision that nobody reviews.",
         "# app/models/task.py: a new field, and no new revision\nclass Task(SQLModel, table=True):\n"
         "    id: int | None = Field(default=None, primary_key=True)\n    priority: int = 0",
         "Commit the revision `mig-guard check` wrote (after reviewing it), or write one with "
         "`mig-guard generate -m \"add priority to task\"`."},
        Scope::gate, nullptr, nullptr};
    return rule;
}

const Rule& mg102_unreviewed_revision() {
    static const Rule rule{
        "MG102", "unreviewed-revision", Level::error,
        "a revision without a ledger entry, or whose file changed since review",
        {"Flags a revision added by the change that has no entry in the review ledger "
         "(`<script_location>/mig-guard.lock`), whose file changed after it was reviewed (the checksum in "
         "the ledger no longer matches), or whose error-level findings were not acknowledged in review.",
         "Nothing should reach a database before a person has read it: generated revisions are right most of "
         "the time, and the exceptions (a rename seen as drop and add, a NOT NULL column on a full table) lose "
         "data.",
         "# versions/3f2a9c1b7d4e_add_priority_to_task.py is added, and mig-guard.lock has no\n"
         "# [[revision]] with id = \"3f2a9c1b7d4e\"",
         "Read the revision, then record the review: `mig-guard review 3f2a9c1b7d4e` (add `--ack MG402` for "
         "an error you accept), and commit the ledger with the revision."},
        Scope::gate, nullptr, nullptr};
    return rule;
}

const Rule& mg103_applied_revision_edited() {
    static const Rule rule{
        "MG103", "applied-revision-edited", Level::error,
        "a revision present on the base (or recorded as applied) was modified or deleted",
        {"Flags a change that modifies or deletes a revision file that already exists on the base branch "
         "(HEAD for `check`, the merge base for `ci`), or that a database recorded as applied with another "
         "checksum (`apply`).",
         "Databases that applied the revision never run it again: an edit silently splits environments into "
         "those with the old schema and those with the new one, and the next migration fails on one of them.",
         "# versions/59f259b6b8f7_create_user.py, committed last week, now says\n"
         "sa.Column('email', sa.String(length=320), nullable=False),  # was length=255",
         "Restore the committed file (`git checkout HEAD -- <file>`) and put the change in a new revision "
         "(`mig-guard generate -m \"widen user.email\"`)."},
        Scope::gate, nullptr, nullptr};
    return rule;
}

}  // namespace mig_guard::lint::rules
