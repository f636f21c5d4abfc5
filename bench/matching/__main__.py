"""Run the matching benchmark: ``python -m bench.matching --sizes 1k,10k``."""

from bench.matching.run import main

main()
