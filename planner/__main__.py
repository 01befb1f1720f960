"""``python -m planner``: the same command line as ``planner``."""

from planner.cli import main

if __name__ == "__main__":  # not when a spawned worker (a re-plan, a what-if pool) imports this module again
    main()
