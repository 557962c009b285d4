"""A small HTTP service on the distribution's Python, configured by a YAML file."""
