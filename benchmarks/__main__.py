"""`python -m benchmarks`: run the benchmark (see benchmarks/bench.py)."""

import sys

from benchmarks.bench import main

sys.exit(main())
