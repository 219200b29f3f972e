"""Exchange formats (REFI-QDA codebook and project, CSV, JSON)."""
