"""Leaf package shared by every stage. Imports nothing from the stage packages."""
