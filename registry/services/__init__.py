"""Every write to the registry goes through a function here (keyword-only, typed, atomic)."""
