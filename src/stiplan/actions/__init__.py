"""What a user does to a data folder: load it, and each action that writes it, returning a result value."""
