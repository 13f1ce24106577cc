"""Proof under attack, faults and bad input (issue 9): tests only, no models, not a Django app.

``strategies`` holds the hostile inputs the property-based tests draw from; ``live`` starts real
servers (gunicorn, a throwaway PostgreSQL) and checks a data folder from the outside. The tests
are in ``proofs/tests/``; README.md says what each proves.
"""
