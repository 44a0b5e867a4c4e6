"""``fastlayer server``: a language server over stdio (pygls) on top of ``engine.live.LiveProject``.

Only ``cli/server.py`` imports this package, and only when the command runs: ``check`` never
loads pygls.
"""
