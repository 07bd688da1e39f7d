"""The full pass: every row of a file's labelled PI columns → keyed person identifiers.

This is the step where raw values are last seen: what leaves it is keyed hashes, booleans and
counts (`PersonKeys`: `ids`, each keyed identifier once with whether a row carrying it was
sensitive; `edges`, pairs of identifiers seen on one row), which the warehouse records.
`person_keys_apart` runs it in a forked child on an in-memory database: raw cells never pass
through the DuckDB of the process that writes the warehouse file (see `apart`).

    roles.py       what each labelled column does: links, dates a birth, makes a row sensitive
    reading.py     what the pass needs of a file (the scanners' readers, handed in by the pipeline)
    passes.py      group the rows by their identifier cells; the second pass; the sparse top-up
    keyed_rows.py  the chunk keyer: grouped rows → keyed identifiers and links (its SQL's columns)
    cells.py       one identifier column of a chunk keyed, the rare cells in Python
    apart.py       the forked child
"""

from outbound.fullpass.apart import full_pass_connection, person_keys_apart, run_apart
from outbound.fullpass.passes import PersonKeys, TopUp, person_keys, top_up_sparse
from outbound.fullpass.reading import Readable, Stream
from outbound.fullpass.roles import Roles

__all__ = [
    "PersonKeys",
    "Readable",
    "Roles",
    "Stream",
    "TopUp",
    "full_pass_connection",
    "person_keys",
    "person_keys_apart",
    "run_apart",
    "top_up_sparse",
]
