"""The storage package: the only code (besides ``migrations/``) that imports sqlalchemy.

models (rows), engine (URL, engine, migrations, data version, the inventory frame),
imports (import workflow), editing (optimistic locking), checklists, scenarios (saved
weightings), profiles, users, audit and revert, errors (what pages and commands turn into
one sentence).
"""
