"""Reading instances and plans, writing plans: the I/O edges (the only place pandas is used)."""
