"""What both surfaces show the same way: rich renderings of plans (and their numbers).

The app and the CLI are separate surfaces that may not import each other; a table both show is
built here, once, so the two cannot drift (they did: SHIB's price read 0.00 in the app and
0.000012 in the CLI). Rich only, no textual: Textual draws rich renderables as they are.
Importing this package is cheap (no pydantic, no engine), so the app can load it before its
first paint; domain types appear only in annotations.
"""
