"""Files in: read articles from files and folders (``ingest``), their formats and header blocks
(``formats``) and the dates they print (``dates``)."""
