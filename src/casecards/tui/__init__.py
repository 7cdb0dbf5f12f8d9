"""The trainer: a Textual app over the library, the store and the session.

Only this package imports Textual; the rest of casecards stays headless.
"""
