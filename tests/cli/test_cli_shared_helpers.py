"""The helpers the CLI commands share: one ``--json`` declaration, one way to print a
result, option groups, the default custody actor, and the store with its audit log."""

from __future__ import annotations

import json
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from crossline.cli.evidence_cmd import actor_option
from crossline.cli.options import json_option, limit_option, path_option, stacked
from crossline.cli.output import answers, emit, table, table_of
from crossline.cli.stores import audited_store
from crossline.config import Settings
from crossline.store import open_store
from crossline.store.audit_log import list_entries

ROWS = [{"id": "a1", "n": 2}, {"id": "b22", "n": None}]


def _echoing(func: Any) -> click.Command:
    """A command that runs ``func`` under click, so that ``click.echo`` is captured."""
    return click.command()(json_option(func))


@pytest.mark.parametrize(
    ("value", "as_json", "render", "expected"),
    [
        ({"a": 1}, True, lambda v: "unused", '{"a": 1}\n'),
        ({"a": 1}, False, lambda v: f"a is {v['a']}", "a is 1\n"),
        (["é"], True, str, '["é"]\n'),  # JSON keeps non-ASCII text as it is
        ([], False, lambda v: "none", "none\n"),
    ],
    ids=["json", "text", "json-unicode", "text-empty"],
)
def test_emit_prints_json_or_the_rendered_text(
    value: Any, as_json: bool, render: Any, expected: str
) -> None:
    cmd = _echoing(lambda as_json: emit(value, as_json, render))
    out = CliRunner().invoke(cmd, ["--json"] if as_json else [])
    assert out.exit_code == 0, out.output
    assert out.output == expected


@pytest.mark.parametrize(
    ("headers", "row"),
    [
        (["id", "n"], lambda r: (r["id"], r["n"])),
        (["n only"], lambda r: (r["n"],)),
    ],
    ids=["two-columns", "one-column"],
)
def test_table_of_renders_the_rows_as_table_does(headers: list[str], row: Any) -> None:
    assert table_of(headers, row)(ROWS) == table([row(r) for r in ROWS], headers)


@click.group()
@click.pass_context
def _root(ctx: click.Context) -> None:
    ctx.obj = {"node": "here"}


@_root.command("greet")
@click.argument("name")
@answers(lambda out: f"{out['name']} on {out['node']}")
def _greet(settings: dict[str, str], name: str) -> dict[str, str]:
    """Say who is where."""
    return {"name": name, "node": settings["node"]}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["greet", "ann"], "ann on here\n"),
        (["greet", "ann", "--json"], json.dumps({"name": "ann", "node": "here"}) + "\n"),
    ],
    ids=["text", "json"],
)
def test_answers_passes_the_settings_and_prints_the_result(args: list[str], expected: str) -> None:
    out = CliRunner().invoke(_root, args)
    assert out.exit_code == 0, out.output
    assert out.output == expected


def test_answers_keeps_the_help_and_lists_json_last() -> None:
    command = _root.commands["greet"]
    assert command.help == "Say who is where."
    assert [p.name for p in command.params] == ["name", "as_json"]


@pytest.mark.parametrize(
    ("decorator", "args", "expected"),
    [
        (limit_option(7), [], {"limit": 7}),
        (limit_option(7), ["--limit", "3"], {"limit": 3}),
        (path_option("--out", help="x"), [], {"out": None}),
        (path_option("--out", help="x"), ["--out", "a/b"], {"out": Path("a/b")}),
        (path_option("--model", "model", help="x"), ["--model", "m"], {"model": Path("m")}),
        (path_option("--out", default=Path("d"), help="x"), [], {"out": Path("d")}),
        (stacked(limit_option(1), path_option("--out", help="x")), [], {"limit": 1, "out": None}),
    ],
    ids=["limit-default", "limit-given", "path-left-out", "path-given", "path-dest",
         "path-default", "stacked"],
)  # fmt: skip
def test_shared_options_parse_as_declared(
    decorator: Any, args: list[str], expected: dict[str, Any]
) -> None:
    seen: dict[str, Any] = {}
    cmd = click.command()(decorator(lambda **kw: seen.update(kw)))
    out = CliRunner().invoke(cmd, args)
    assert out.exit_code == 0, out.output
    assert seen == expected


def test_stacked_options_are_listed_in_the_order_given() -> None:
    group = stacked(click.option("--first"), click.option("--second"), click.option("--third"))
    cmd = click.command()(group(lambda **kw: None))
    assert [p.name for p in cmd.params] == ["first", "second", "third"]


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["--actor", "judge"], {}, "judge"),
        ([], {"CROSSLINE_ACTOR": "clerk"}, "clerk"),
        (["--actor", ""], {"CROSSLINE_ACTOR": "clerk"}, "clerk"),
        ([], {"CROSSLINE_ACTOR": ""}, "cli:"),  # then the login name follows
    ],
    ids=["given", "from-environment", "empty-is-left-out", "login-name"],
)
def test_actor_option_falls_back_to_the_default_actor(
    args: list[str], env: dict[str, str], expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    cmd = click.command()(actor_option()(lambda actor: click.echo(actor)))
    out = CliRunner().invoke(cmd, args)
    assert out.exit_code == 0, out.output
    assert out.output.startswith(expected)


@pytest.mark.parametrize("fails", [False, True], ids=["completes", "fails"])
def test_audited_store_writes_each_entry_as_it_is_recorded(settings: Settings, fails: bool) -> None:
    expected_error = pytest.raises(RuntimeError) if fails else nullcontext()
    with expected_error, audited_store(settings) as (_store, audit):
        audit.record("cli:tester", "change", "thing", "t1")
        if fails:
            raise RuntimeError("the command failed after recording")
    with open_store(settings) as store:
        entries = list_entries(store, actor="cli:tester")
    assert [(e["action"], e["target"], e["target_id"]) for e in entries] == [
        ("change", "thing", "t1")
    ]
