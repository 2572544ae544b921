"""One repository per table, each bound to the AsyncSession of one unit of work."""
