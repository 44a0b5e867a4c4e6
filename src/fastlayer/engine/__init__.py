"""One run: discover, collect facts, build the model, run the rules, filter; returns a RunResult
and never prints."""
