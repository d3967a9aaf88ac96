"""Search over every published record: terms, ranking, highlights; imported on first use."""
