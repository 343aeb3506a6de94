"""Fuzzy-set QCA of the cases (standard library)."""
