# Normalized dump of CPython's AST for the differential test (test_differential.cpp).
# Statements in source order with their spans, then every expression (kind and span),
# sorted, with match patterns and type parameters (3.12+) among them. f-string internals are
# left out: mig-guard reports them with its own (documented) spans.
import ast
import sys

# PEP 695 type parameters (Python 3.12+): listed with the expressions, with their name.
TYPE_PARAM = getattr(ast, "type_param", ())

RENAME = {"AsyncFunctionDef": "FunctionDef", "AsyncFor": "For", "AsyncWith": "With", "TryStar": "Try"}


def pos(n):
    return f"{n.lineno}:{n.col_offset}-{n.end_lineno}:{n.end_col_offset}"


def main(path):
    with open(path, "rb") as f:
        tree = ast.parse(f.read(), path)
    stmts, exprs = [], []

    def visit(node):
        if isinstance(node, ast.stmt):
            name = type(node).__name__
            stmts.append(f"{RENAME.get(name, name)} {pos(node)}")
        if isinstance(node, TYPE_PARAM):
            exprs.append(f"{type(node).__name__} {node.name} {pos(node)}")
        if isinstance(node, ast.expr):
            exprs.append(f"{type(node).__name__} {pos(node)}")
            if isinstance(node, ast.JoinedStr):
                return
        if isinstance(node, ast.pattern):
            exprs.append(f"{type(node).__name__} {pos(node)}")
        for field in node._fields:
            value = getattr(node, field, None)
            if isinstance(value, list):
                for v in value:
                    if isinstance(v, ast.AST):
                        visit(v)
            elif isinstance(value, ast.AST):
                visit(value)

    for s in tree.body:
        visit(s)
    out = stmts + ["--"] + sorted(exprs)
    sys.stdout.write("\n".join(out) + "\n")


main(sys.argv[1])
