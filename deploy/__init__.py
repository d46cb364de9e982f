"""Several Chainrule processes behind nginx: ``python -m deploy`` (see cluster.py)."""
