"""``ntm check``: a submission checked by the build's own reading and checks before it is
sent (``engine``), and written back on a copy of the submitter's workbook (``annotate``)."""
