"""Live sources: fetch new releases from the official sites (see update.py)."""
