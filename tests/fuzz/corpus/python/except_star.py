try:
    pass
except* ValueError as eg:
    handle(eg)
except* (TypeError, KeyError):
    pass
else:
    done()
