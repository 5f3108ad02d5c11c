# PEP 634 structural pattern matching: every pattern kind, from the PEP 636 tutorial.
match command.split():
    case [action]:
        pass
    case [action, obj]:
        pass
    case ["go", direction] | ["move", direction]:
        current_room = current_room.neighbor(direction)
    case ["drop", *objects]:
        for obj in objects:
            character.drop(obj, current_room)
    case ["north"] | ["go", "north"]:
        pass
    case ["get", obj] | ["pick", "up", obj] | ["pick", obj, "up"]:
        pass
    case ["go", ("north" | "south" | "east" | "west") as direction]:
        pass
    case ["go", direction] if direction in current_room.exits:
        current_room = current_room.neighbor(direction)
    case [*_]:
        pass
    case _:
        print(f"Sorry, I couldn't understand {command!r}")

match event.get():
    case Click(position=(x, y), button=Button.LEFT):
        handle_click_at(x, y)
    case KeyPress(key_name="Q") | Quit():
        game.quit()
    case KeyPress(key_name="up arrow"):
        game.go_north()
    case Point(0, y=0) | geometry.shapes.Point(1, 2, z=3,):
        pass
    case {"text": str(message), "color": str(c), **rest}:
        ui.set_text_color(c)
    case {"sleep": float(duration)}:
        ui.wait(duration)
    case {Color.RED: _, 1: 2, -1: 3, 1 + 2j: 4, -1.5 - 3j: 5, None: 6, True: 7, "a" "b": 8}:
        pass
    case {}:
        pass
    case {**rest}:
        pass
    case (1, -2, 3.5, 4j, None, True, False, b"x", "s" 'y'):
        pass
    case () | []:
        pass
    case (x) | (((y))):
        pass
    case [1, [2, *inner], (3, 4), {"k": [5]}] as whole:
        pass

match a, *b:
    case 1, *rest,:
        pass
    case (1, 2) if (n := len(b)) > 2 and not b:
        pass

match -x:
    case -1 | 1 if x:
        pass
    case _ if True:
        pass
