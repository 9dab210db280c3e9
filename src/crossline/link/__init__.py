"""Linking: the value -> sightings index, campaigns as connected components, the common-value guard."""
