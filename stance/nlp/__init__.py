"""The spaCy side: the pipelines (``pipelines``), their faster components (``fastattrs``,
``lemmacache``, ``matmul``, ``splitting``), token matching (``tokenmatch``) and the cheap pass
that picks the sentences worth parsing (``prefilter``)."""
