"""Statements -> what people look at: the stored statements with human decisions applied
(``stored``), positions per period, shifts and blame (``aggregate``), the dashboard's data
frames (``queries``), its filters (``filters``) and charts (``charts``), and CSV exports (``export``)."""
