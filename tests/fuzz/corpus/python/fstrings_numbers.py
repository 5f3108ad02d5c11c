f"{x!r:>{w}} {y=} {f"{z}"}" rb"\x00" 0x_1 1e5j
if (a := b):
	pass
