"""Alembic scripts. A package only so that an installed bot ships env.py and the versions."""
