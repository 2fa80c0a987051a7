"""Sharing through git: sync, status and clone, and history (`cop log`)."""
