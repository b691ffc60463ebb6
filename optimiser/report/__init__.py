"""Presentation of results: terminal report, result files, charts, maps and comparisons."""
