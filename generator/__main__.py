"""`python -m generator`: see generator/cli.py."""

import gc
import sys

from generator.cli import main

if __name__ == "__main__":  # not when a worker process imports this module
    status = main()
    # Everything is written and every worker has finished. Freezing the objects alive now
    # spares the interpreter's last garbage collections, which would walk every object
    # that torch and matplotlib made, for nothing; exit handlers still run.
    gc.freeze()
    sys.exit(status)
