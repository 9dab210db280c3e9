"""Linking: the value -> sightings index, campaigns as connected components, the guard
against common values."""
