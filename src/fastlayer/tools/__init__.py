"""Commands built on the engine: the init planner and the rule docs generator."""
