"""Domain logic: queries, workflows and rules, callable without HTTP (tests and CLI use the same code)."""
