"""Dalil build pipeline: load, validate, render and stage the pages (entry point: build_hooks.py)."""
