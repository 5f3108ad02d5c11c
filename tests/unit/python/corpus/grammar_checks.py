# Grammar that every supported Python accepts (3.11 here), one construct per block, compared
# with CPython's ast by test_differential.cpp.
from __future__ import annotations

# PEP 654 except* with parenthesized groups; plain except with a parenthesized tuple.
try:
    pass
except (InvalidTokenError, ValidationError):
    raise HTTPException(status_code=403, detail="Could not validate credentials")
except (A, B) as e:
    raise
try:
    pass
except* (TypeError, KeyError) as eg:
    pass
except* OSError:
    pass

# Walrus in comprehensions and conditions.
ys = [y for x in data if (y := f(x)) is not None]
total = [(last := last + v) for v in values]
while chunk := read(1024):
    pass

# Parenthesized context managers (3.10+).
with (
    open("a") as fa,
    open("b") as fb,
):
    pass
with (open("a"), open("b")):
    pass
with (yield_ctx()) as c, other:
    pass

# lambda defaults, keyword-only, positional-only.
handlers = [lambda x=i, *, k=0, **kw: x + k for i in range(3)]
pos_only = lambda a, b=1, /, c=2: a
def positional(a, b=1, /, c=2, *, d, e=3, **rest): ...
def only_slash(a, /): ...

# PEP 614 decorators: any expression.
@buttons[0].clicked.connect
@(lambda f: f)
@registry.get("x") or default
@x if cond else y
def decorated(): ...

# Star-expressions in index, return, for, yield.
t = a[*idx, 1]
u = a[1:2, *rest]
def star_returns():
    return *a, *b
def star_yields():
    yield *a, b
for x in *a, *b:
    pass
for *head, tail in pairs:
    pass

# Deferred annotations naming things defined later (PEP 563/649/749): only syntax matters.
class Node:
    parent: Node | None
    children: list[Node]
    owner: Later = None
    def walk(self, visitor: Visitor[Node]) -> Iterator[Node]: ...
class Later: ...

# Soft keywords used as names.
match = re.match(pattern, text)
match.group(1)
case = 1
_ = match, case
match(x)
print(match[0], match.start())
