#!/usr/bin/python3
"""Run SQLAlchemy's real `metadata.create_all()` for a project against a PostgreSQL database.

  /usr/bin/python3 tests/differential/sa_create_all.py PROJECT_DIR CONNINFO

Models are found and imported exactly as sa_ddl.py does (same module list, same MetaData
collection). Schemas the tables and enum types live in are created first (create_all does not
create them), and each is printed on stdout as `schema NAME`, so the other side of the
comparison can create the same ones. Exit 2 with the traceback when an import fails.

Reference side of the catalog differential test: run it with Debian's /usr/bin/python3
(python3-sqlalchemy, python3-sqlmodel, python3-psycopg2).
"""
import importlib
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sa_ddl  # noqa: E402  (module_names and collect_metadata: the same models as the DDL test)


def schemas_of(metadata):
    names = set()
    for table in metadata.tables.values():
        if table.schema:
            names.add(table.schema)
        for column in table.columns:
            schema = getattr(column.type, "schema", None)
            if isinstance(schema, str) and schema:
                names.add(schema)
    return names


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: sa_create_all.py PROJECT_DIR CONNINFO\n")
        return 2
    root = os.path.abspath(argv[1])
    conninfo = argv[2]
    try:
        import psycopg2
        import sqlalchemy
    except ImportError as error:
        sys.stderr.write(f"{sys.executable}: {error}: apt-get install python3-sqlalchemy python3-sqlmodel python3-psycopg2\n")
        return 2
    sys.path.insert(0, root)
    modules = []
    for name in sa_ddl.module_names(root):
        try:
            modules.append(importlib.import_module(name))
        except Exception:
            sys.stderr.write(f"sa_create_all.py: cannot import {name} from {root} "
                             f"(SQLAlchemy {sqlalchemy.__version__}):\n")
            traceback.print_exc()
            return 2

    engine = sqlalchemy.create_engine("postgresql+psycopg2://", creator=lambda: psycopg2.connect(conninfo))
    metadatas = sa_ddl.collect_metadata(modules)
    schemas = set()
    for metadata in metadatas:
        schemas |= schemas_of(metadata)
    with engine.begin() as connection:
        for schema in sorted(schemas):
            connection.exec_driver_sql('CREATE SCHEMA IF NOT EXISTS "%s"' % schema.replace('"', '""'))
            sys.stdout.write(f"schema {schema}\n")
    for metadata in metadatas:
        metadata.create_all(engine, checkfirst=False)
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
