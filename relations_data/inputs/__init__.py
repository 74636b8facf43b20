"""Stage 2, inputs: the only things a build reads.

Three kinds of committed input become rows with origins: hand-coded records
(raw/coded/<table>.yaml), imports of published research data (raw/imports/<name>/origin.yaml,
with the upstream files read from a data directory) and reviewed candidates
(raw/candidates/<table>.yaml, proposals of the extractor that a coder accepted).
"""
