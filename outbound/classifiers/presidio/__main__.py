"""`python -m outbound.classifiers.presidio build`: build the spaCy zh pipeline into the cache (`make nlp`)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args != ["build"]:
        print("usage: python -m outbound.classifiers.presidio build", file=sys.stderr)
        return 2
    from outbound.classifiers.presidio.pipeline import pipeline_path

    print(pipeline_path())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
