"""`outbound` command line: a thin layer over the library (outbound.pipeline and the stages); what
it prints is rendered in outbound.reports. Errors are one line, never a traceback.

Exit codes: 0 success; 1 the command ran but some input failed (each failure is listed);
2 usage or configuration error.

One module per command group; a new group is a module here and one entry in COMMANDS.
"""

from __future__ import annotations

import logging
import os
import sys

import click

from outbound.cli import alerts, classify, demo, filing, obligations, persons, report, rules, scan, spot_check
from outbound.common.errors import OutboundError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log progress (counts and names only) to stderr.")
@click.version_option(package_name="outbound")
def cli(verbose: bool) -> None:
    """Check what personal and important data a company actually sends abroad.

    \b
    Example:
      outbound classify exports/2026-03-01/guests.csv --json
      outbound scan exports/ --processor sh-hotel --recipient "Pearl HQ"
      outbound persons --processor sh-hotel --year 2026
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")


COMMANDS: tuple[click.Command, ...] = (
    classify.classify,
    scan.scan,
    persons.persons,
    persons.exports,
    obligations.obligations,
    rules.rules,
    demo.demo,
    filing.filing,
    spot_check.spot_check,
    report.report,
    alerts.alerts,
)
for command in COMMANDS:
    cli.add_command(command)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.UsageError as exc:  # one line, as every other error: what is wrong and where help is
        where = exc.ctx.command_path if exc.ctx else "outbound"
        click.echo(f"error: {' '.join(exc.format_message().split())} (see: {where} --help)", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except OutboundError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except SystemExit:
        raise
    except Exception as exc:  # never a traceback for the user; OUTBOUND_DEBUG=1 shows it
        if os.environ.get("OUTBOUND_DEBUG"):
            raise
        click.echo(f"internal error: {exc.__class__.__name__}: {exc} (set OUTBOUND_DEBUG=1 for details)", err=True)
        sys.exit(2)
