"""A person's own data: what is kept, a copy of it, erasure."""
