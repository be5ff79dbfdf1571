"""Benchmarks and simulations, never part of `make test` (README, "Benchmarks")."""
