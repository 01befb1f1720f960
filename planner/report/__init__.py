"""Reports derived from an instance and (optionally) a plan; no solver, no I/O."""
