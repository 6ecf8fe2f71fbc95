"""Practitioner profiles, directory and applications (see the practitioners issue)."""
