"""Every command explains itself, every command module is registered, and `outbound --help` stays
fast: the command tree is read in-process, so a new command without help fails here at once."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import outbound.cli
from outbound.cli import cli


def _walk(command: click.Command, path: tuple[str, ...]) -> list[tuple[tuple[str, ...], click.Command]]:
    found = [(path, command)]
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            found += _walk(sub, (*path, name))
    return found


COMMANDS = _walk(cli, ())
MODULES = sorted(m.name for m in pkgutil.iter_modules(outbound.cli.__path__) if m.name != "common")


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_when_a_command_is_asked_for_help_then_it_explains_itself_with_an_example(path, command):
    assert (command.help or "").strip(), f"`outbound {' '.join(path)}` has no help: give it a docstring"
    out = CliRunner().invoke(cli, [*path, "--help"])
    assert out.exit_code == 0, out.output
    assert "Example" in out.output and f"outbound {' '.join(path)}".strip() in out.output


@pytest.mark.parametrize("module", MODULES)
def test_when_a_command_module_exists_then_its_commands_are_registered(module):
    mod = importlib.import_module(f"outbound.cli.{module}")
    defined = [v for v in vars(mod).values() if isinstance(v, click.Command) and getattr(v.callback, "__module__", None) == mod.__name__]
    registered = set(cli.commands.values())
    nested = {sub for group in registered if isinstance(group, click.Group) for sub in group.commands.values()}
    missing = [c.name for c in defined if c not in registered | nested]
    assert defined and not missing, f"outbound/cli/{module}.py: add {missing or 'its commands'} to COMMANDS"


def test_when_the_command_line_is_loaded_then_no_heavy_library_is_imported():
    code = ("import sys, outbound.cli; print(sorted(m for m in ('pandas', 'duckdb', 'presidio_analyzer', "
            "'great_expectations', 'airflow', 'pyarrow', 'rich') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_when_a_list_goes_to_excel_and_back_then_the_same_list_is_written(tmp_path: Path):
    runner = CliRunner()
    xlsx = tmp_path / "list.xlsx"
    out = runner.invoke(cli, ["rules", "export-list", "cn-sh-ftz-lingang-negative-list-2024", str(xlsx)])
    assert out.exit_code == 0, out.output
    assert out.output == f"wrote {xlsx}\n"
    back = runner.invoke(cli, ["rules", "import-list", str(xlsx), "--out", str(tmp_path)])
    assert back.exit_code == 0, back.output
    assert back.output == f"wrote {tmp_path / 'cn-sh-ftz-lingang-negative-list-2024.yaml'}\n"


def test_when_a_list_id_is_unknown_then_export_list_names_the_way_out(tmp_path: Path):
    out = CliRunner().invoke(cli, ["rules", "export-list", "no-such-list", str(tmp_path / "x.xlsx")])
    assert out.exit_code != 0 and "see `outbound rules list`" in str(out.exception)


@pytest.mark.parametrize("args", [["scan"], ["persons", "--processor", "p", "--year", "1800"], ["nosuch"],
                                  ["scan", "x.csv", "--processor", "p", "--bad-bytes", "maybe"]],
                         ids=["missing-argument", "out-of-range", "unknown-command", "bad-choice"])  # fmt: skip
def test_when_the_command_line_is_wrong_then_one_line_says_so_and_where_help_is(args):
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "outbound", *args], capture_output=True, text=True)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "--help" in lines[0], out.stderr
    assert out.stdout == ""
