#!/usr/bin/python3
"""Print the DDL that SQLAlchemy's `metadata.create_all()` runs on PostgreSQL for a project.

  /usr/bin/python3 tests/differential/sa_ddl.py tests/golden/models/<case>

The directory is put on sys.path and every Python module under it is imported (module names
come from the paths, so packages and relative imports work); folders named `after` and
`expected` are skipped, and so is an Alembic script directory (one holding env.py). Every MetaData reachable from the imported modules is collected
(SQLModel.metadata, a declarative Base's `.metadata`, plain MetaData() instances), and the
statements `create_all` would execute are captured with a mock engine: no database needed.
Output: the statements in execution order, each followed by ";\n\n" (what
`mig-guard schema --format sql` prints). Exit 2 with the traceback when an import fails.

This is the reference side of the differential tests, so it must run the REAL libraries:
run it with Debian's /usr/bin/python3 (python3-sqlalchemy, python3-sqlmodel).
"""
import importlib
import os
import sys
import traceback

SKIPPED_DIRS = {"after", "expected", "__pycache__"}


def module_names(root):
    """Dotted module names of every .py file under root, parents before children."""
    names = []
    for dirpath, dirnames, filenames in os.walk(root):
        # An Alembic script directory (it holds env.py) is not models: env.py needs alembic's context.
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS and not d.startswith(".")
                             and not os.path.exists(os.path.join(dirpath, d, "env.py")))
        rel = os.path.relpath(dirpath, root)
        parts = [] if rel == "." else rel.split(os.sep)
        if parts and not all(p.isidentifier() for p in parts):
            dirnames[:] = []
            continue
        for filename in sorted(filenames):
            if not filename.endswith(".py"):
                continue
            stem = filename[:-3]
            if stem == "__init__":
                if parts:
                    names.append(".".join(parts))
            elif stem.isidentifier():
                names.append(".".join(parts + [stem]))
    # A package's __init__ before its modules, so partially initialised packages are not hit.
    return sorted(names, key=lambda n: (n.count("."), n))


def collect_metadata(modules):
    from sqlalchemy import MetaData

    found = []

    def add(md):
        if isinstance(md, MetaData) and not any(md is seen for seen in found):
            found.append(md)

    try:
        from sqlmodel import SQLModel
        if SQLModel.metadata.tables:
            add(SQLModel.metadata)
    except ImportError:
        pass
    for module in modules:
        for value in list(vars(module).values()):
            if isinstance(value, MetaData):
                add(value)
            elif isinstance(value, type):
                md = getattr(value, "metadata", None)
                if isinstance(md, MetaData):
                    add(md)
    return found


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: sa_ddl.py PROJECT_DIR\n")
        return 2
    root = os.path.abspath(argv[1])
    try:
        import sqlalchemy
    except ImportError:
        sys.stderr.write(f"{sys.executable} has no SQLAlchemy: apt-get install python3-sqlalchemy python3-sqlmodel\n")
        return 2
    sys.path.insert(0, root)
    modules = []
    for name in module_names(root):
        try:
            modules.append(importlib.import_module(name))
        except Exception:
            sys.stderr.write(f"sa_ddl.py: cannot import {name} from {root} "
                             f"(SQLAlchemy {sqlalchemy.__version__}):\n")
            traceback.print_exc()
            return 2

    statements = []

    def executor(sql, *multiparams, **params):
        statements.append(str(sql.compile(dialect=engine.dialect)).strip())

    engine = sqlalchemy.create_mock_engine("postgresql://", executor)
    for metadata in collect_metadata(modules):
        metadata.create_all(engine, checkfirst=False)
    sys.stdout.write("".join(s + ";\n\n" for s in statements))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
