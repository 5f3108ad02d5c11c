type Pairs[K: str = str, *Ts = *tuple[int], **P = [int]] = dict[K, tuple[*Ts]]
class Box[T: (int, str) = int](Base, metaclass=M):
    def get[U](self, x: U, /) -> T | U: ...
try:
    pass
except InvalidTokenError, ValidationError:
    pass
except* A, B:
    pass
t"{name!r:>{width}} {x = } {t'{y}'}" rt'\d{z}' T"""{
    a  # comment
}"""
type = 1; type(x); match type:
    case _: pass
