"""Changes to the local offer: the directory, and comments with their responses."""
