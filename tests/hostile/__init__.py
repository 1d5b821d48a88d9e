"""Hostile and broken input, crashes and concurrency: nothing is lost, nothing gets in."""
