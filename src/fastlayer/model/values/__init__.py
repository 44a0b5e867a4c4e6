"""The static value evaluator: expressions, settings classes, .env files, with where each value
came from."""
