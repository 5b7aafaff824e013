"""Dockerfile reading: instructions with their physical lines, and build stages."""
