"""The stance dashboard: ``streamlit run dashboard/app.py`` (or ``stance dashboard``).

The app lives in the package (:mod:`stance.dashboard.app`) so that an installed stance can
serve it from anywhere; this file is the entry point Streamlit runs from a checkout.
"""

from stance.dashboard.app import main

main()
