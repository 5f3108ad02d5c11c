def handle(command):
    match command.split():
        case [action]:
            return action
        case [action, obj]:
            if obj:
                return obj
        case Point(x=0, y=0) | {"k": _}:
            pass
        case _:
            return None
    match a, b:
        case 1, 2: pass
    return 1

match (x):
    case 1:
        pass
