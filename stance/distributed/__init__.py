"""Extraction on a Dask cluster: the client reads and de-duplicates articles, workers extract.

``stance ingest PATH... --cluster tcp://HOST:8786`` (or ``--cluster local:N``) and
``stance extract --all --cluster ...`` use :class:`~stance.distributed.extract.ClusterExtractor`
in place of the in-process :class:`~stance.extraction.extractor.Extractor`; everything before
(reading, duplicates) and after (the store's writes) is the same code as on one machine.
Dask is an optional extra: ``pip install "stance[dask]"``.
"""
