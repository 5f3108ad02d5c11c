# PEP 695 type parameters and PEP 696 defaults, from the PEPs' own examples.
from collections.abc import Callable, Sequence


class ClassA[T: str]:
    def method1(self) -> T:
        ...


def func[T](a: T, b: T) -> T:
    ...


class ClassB[T: (str, bytes)]: ...


class ClassC[S, T](Sequence[S]):
    attr: T


def func2[*Ts](*args: *Ts) -> tuple[*Ts]: ...


def func3[**P, R](cb: Callable[P, R]) -> Callable[P, R]: ...


class ClassD[T, *Ts, **P]:
    x: tuple[T, *Ts]
    y: Callable[P, T]


type ListOrSet[T] = list[T] | set[T]
type RecursiveList[T] = T | list[RecursiveList[T]]
type IntFunc[**P] = Callable[P, int]
type LabeledTuple[*Ts] = tuple[str, *Ts]
type HashableSequence[T: Hashable] = Sequence[T]
type IntOrStrSequence[T: (int, str)] = Sequence[T]
type Alias = int


@dataclass
class Box[T = int, *Ts = *tuple[str, ...], **P = [int, str]]:
    value: T


class Foo[T1, T2 = T1, *Ts = *tuple[T1, T2]]:
    pass


async def fetch[T: (int, str) = int,](url: T, /, *, timeout: float = 1.0) -> T:
    return await get(url)


# `type` stays an ordinary name.
type = 1
print(type(x), obj.type, type)
type[int]
type: int = 2
match type:
    case _:
        pass
x = type
