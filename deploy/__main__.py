"""``python -m deploy``: Chainrule's processes behind nginx (see deploy/cluster.py)."""

from deploy.cluster import main

raise SystemExit(main())
