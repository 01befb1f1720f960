"""Hard rules of the plan, one module per family of rules."""
