"""Settings by environment, every one overridable by an environment variable of the same name."""
