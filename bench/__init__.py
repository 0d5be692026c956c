"""Benchmarks (scripts that print tables); `fair` is shared with the tests."""
