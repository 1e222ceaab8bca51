"""The Streamlit dashboard (:mod:`stance.dashboard.app`), kept in a folder of its own because
Streamlit puts the folder of the script it runs on ``sys.path``."""
