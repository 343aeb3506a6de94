"""Fitting the model to the source's observations and validating it (scipy and friends)."""
