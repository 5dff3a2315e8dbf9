"""What a user does to a data folder: load it, make a new one, and each action that writes it, returning a result value."""
