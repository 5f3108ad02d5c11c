f"{x["a"]} {", ".join(a)} {"\n".join([
    'b',  # } comment
])} {f"{f"{f"{1+1}"}"}"} {x:{y:{z}}}"
try:
    pass
except A, B as e:
    pass
