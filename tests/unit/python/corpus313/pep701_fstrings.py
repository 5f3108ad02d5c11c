# PEP 701 f-strings: the PEP's own examples.
songs = ['Take me back to Eden', 'Alkaline', 'Ascensionism']
a = f"This is the playlist: {", ".join(songs)}"
b = f"{f"{f"{f"{f"{f"{1+1}"}"}"}"}"}"
c = f"This is the playlist: {", ".join([
    'Take me back to Eden',  # My, my, those eyes like fire
    'Alkaline',              # Not acid nor alkaline
    'Ascensionism'           # Take to the broken skies at last
])}"
d = f"This is the playlist: {"\n".join(songs)}"
e = f"Magic wand: {bag['wand']}"
g = f"{x["a"]["b"]} and {y['c']!r:>{width}} {z=} {  w = !s:^10}"
h = f'''{
    value  # a comment
    + 1
}'''
i = f"{'\N{BLACK HEART SUIT}'}" rf"\d{x}\{{" f'{x:{"":>3}}'
j = f"{(lambda x: x)(1)}"
k = f"{x!r}" f"{x:{w}.{p}}" "tail" f"{'{'}{'}'}"
