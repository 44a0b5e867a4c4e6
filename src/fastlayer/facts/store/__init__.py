"""The facts cache: one pack file per project, its codec and the collector that fills it."""
