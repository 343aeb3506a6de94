"""The team scan: its answers and team files, and the report a facilitator takes to the college (standard library)."""
