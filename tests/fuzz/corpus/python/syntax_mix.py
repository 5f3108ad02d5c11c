#!/usr/bin/env python3
# -*- coding: utf-8 -*-
import os, sys as system
from . import sibling
from ..pkg.mod import (a as b,
                       c,)
from ... import deep
from os.path import *

x = y = 1
a, *rest = [1, 2, 3]
(p, q), r = (1, 2), 3
[s, t] = 1, 2
n: int
m: "dict[str, int]" = {}
obj.attr: int = 3
z += 1; z -= 2; z *= 3; z @= w; z //= 2; z **= 2; z >>= 1; z <<= 1; z |= 1; z ^= 1; z &= 1; z %= 3
del x, obj.attr, d[1], (e, f)
assert x > 0, "positive"
raise ValueError("bad") from exc
global g1, g2

lam = lambda a, b=2, *args, c, d=4, **kw: a + b
lam2 = lambda: 0
lam3 = lambda *, k: k
lam4 = lambda a, /, b: a

v = 1 if cond else 2 if other else 3
w = not a and b or c and not d
cmp = a < b <= c != d is not e not in f in g is h
bits = a | b ^ c & d << 2 >> 1 + 3 - 4 * 5 / 6 // 7 % 8 @ m ** -2 ** ~x
un = -x + +y - ~z
pw = 2 ** 3 ** 4
aw = [await_ for await_ in range(3)]
nums = (0x1F, 0o17, 0b1010, 1_000_000, 3.14, 1e10, 1.5e-3, .5, 5., 2j, 1.5J, 0_0, 0xdead_beef)
strs = ('single', "double", '''triple''', """triple "double" """, r'raw\n', b'bytes', rb'raw bytes', Br"x", u'unicode', R'R')
concat = ("implicit " "concatenation "
          'across lines')
esc = "tab\tnewline\nquote\"backslash\\hex\x41uni\u00e9big\U0001F600oct\101"
fs = f"simple {x} and {y!r} and {z:>10} and {w=} and {{literal}} {a:{width}.{prec}}"
fr = rf"raw {x} \d+" f'{"nested"}'
sl = a[1:2], a[::2], a[:], a[1:], a[:-1], a[1:2:3], a[..., 1], a[i, j], a[x:y, z], a[()]
calls = f(), f(a), f(a, b=1), f(*args, **kwargs), f(a, *b, c=1, **d), f(x for x in y), f(a)(b)(c)
chain = obj.method().attr[0].other(1, 2)[::-1]
comps = [x for x in y if x if not x], {x for x in y}, {k: v for k, v in d.items()}, (x for x in y for z in x)
nested = [[j for j in range(i)] for i in range(10) if i % 2]
d1 = {}
d2 = {"a": 1, **other, "b": 2}
s1 = {1, 2, *more}
t0 = ()
t1 = (1,)
t2 = 1,
if (n := len(a)) > 10:
    pass
el = ...
star = [*a, *b]
print(*[1], sep="")


@decorator
@decorator.with_args(1, key="v")
@(lambda f: f)
def func(a, b: int = 1, /, c=2, *args: str, d, e: float = 2.0, **kwargs) -> "Return":
    """Docstring."""
    global counter
    counter += 1

    def inner():
        nonlocal a
        a = 2
        yield a
        yield
        yield from range(3)
        x = yield 1
        return

    return inner


async def coro():
    await something()
    async for i in aiter():
        print(i)
    else:
        pass
    async with a as b, c as d:
        pass
    result = [i async for i in aiter()]
    return await x


class Empty: pass
class WithBases(Base, metaclass=Meta, **kw):
    x = 1

    class Inner(object):
        y: int = 2


@dataclass(frozen=True)
class Point:
    x: int
    y: int = 0


for i in range(10):
    if i == 3:
        continue
    elif i == 5:
        break
    elif i == 6:
        pass
    else:
        print(i)
else:
    print("done")

while True:
    break
else:
    pass

for x, y in pairs: print(x)
for (a, b) in pairs:
    pass

try:
    risky()
except ValueError as e:
    handle(e)
except (TypeError, KeyError):
    pass
except:
    raise
else:
    ok()
finally:
    cleanup()

try:
    pass
finally:
    pass

with open("f") as fh, open("g") as gh:
    data = fh.read()

with (open("f") as fh,
      open("g") as gh):
    pass

with (a, b) as c:
    pass

with (yield_value):
    pass

if x:
    if y:
        if z:
            deep = 1
a = 1 if b else\
    2
long_string = "abc" \
    "def"
match_ = 1
match = 2
match.group(1)
print(match)
type = 3
type(x)
