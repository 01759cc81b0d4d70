"""The security suite: every route of the app against the rights table, CSRF, headers and the manual's paths."""
