"""`python -m verbinding.cli`: the same command, for tests, tools and benchmarks."""

from verbinding.cli import main

main()
