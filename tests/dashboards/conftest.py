"""The dashboards read fictional case data written straight to the tables the workflows
fill: tests/journeys.py's `make_case`, `make_deadline`, `make_advice` and `school`."""

YEAR = 2025
