"""What a page shows: plotly data as plain dicts, outcome words, languages (standard library)."""
