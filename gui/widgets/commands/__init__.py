"""The commands: the table of every command, and the functions they run."""
