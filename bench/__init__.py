"""Chainrule's benchmark suite: the engine against numpy by hand and PyTorch.

Run ``python -m bench`` (or ``python bench/run.py``); see bench/README.md.
"""
