"""casecards: a spaced-repetition trainer for clinical teaching cases."""

__version__ = "0.1.0"
