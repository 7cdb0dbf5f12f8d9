"""Helpers for the tests that run casecards in other processes: the answering script they
start (``answer_loop``) and the checks they make on the store it leaves (``checks``)."""
