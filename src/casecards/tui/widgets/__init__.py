"""Reusable widgets: data in through attributes, results out through messages."""
