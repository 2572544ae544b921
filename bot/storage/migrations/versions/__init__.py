"""Migration scripts, loaded by Alembic from their files; a package only so that installs include them."""
