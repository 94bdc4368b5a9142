"""`python -m generator`: see generator/cli.py."""

import os
import sys

from generator.cli import main

status = main()
# Everything is written and every worker has finished; skip tearing down torch's and
# matplotlib's modules object by object, which takes half a second.
sys.stdout.flush()
sys.stderr.flush()
os._exit(status)
