"""The use cases below the command line: check, rewrite, ignore, cache, and the settings they
share. Each is a function the CLI calls with parsed options; it reads and writes files (atomically)
and prints only through the callables it is given, never to the terminal itself."""
