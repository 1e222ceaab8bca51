"""Article -> statements: profile matches (``matching``), who speaks (``attribution``), the
named rules (``rules``), dates in the text (``timex``), how rule results become statements
(``classify``), the :class:`~stance.extraction.extractor.Extractor` that composes them, and a
keyword baseline (``baseline``).

Named ``extraction`` rather than ``extract``: ``stance.extract`` is the public function
(``stance.extract(text, date=...)``), which a subpackage of the same name would clash with.
"""
