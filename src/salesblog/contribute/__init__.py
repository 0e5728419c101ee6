"""Guest contributions: the contribute endpoint, the SQLite inbox and the editors' review."""
