"""CLI commands beyond the build: each module has `register(sub)` adding its subparser."""
