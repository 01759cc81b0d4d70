"""One controller module per area of the spec."""
