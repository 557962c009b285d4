"""dfopt: a Dockerfile optimizer and generator."""

__version__ = "0.1.0"
