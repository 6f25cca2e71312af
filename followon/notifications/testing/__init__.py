"""Real-protocol stand-ins for the providers, for tests and benchmarks: never used in production."""
