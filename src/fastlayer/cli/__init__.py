"""The command line, the only layer that prints and decides exit codes.

``main.py`` is the entry point; ``group.py`` the click group (commands imported lazily);
``options.py`` the options several commands share; ``common.py`` exit codes, loading and
running; one module per command: ``check.py``, ``rules.py`` (rules, explain), ``graph.py``,
``init.py``, ``config.py``, ``cache.py`` (clean); ``output.py`` where ``check`` sends its report.
"""
