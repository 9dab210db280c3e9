"""``crossline demo``: a node on the embedded store, loaded with the bundled sample data."""

from __future__ import annotations

import click

from crossline.cli.output import RowProgress, campaigns_table, table
from crossline.config import Settings
from crossline.services.imports import import_paths
from crossline.store import open_store
from crossline.store.read.campaigns import campaigns_page
from crossline.store.read.dashboard import stats


@click.command()
@click.option("--top", default=10, show_default=True, help="Campaigns to show.")
@click.option(
    "--two-nodes",
    is_flag=True,
    help="Run a US node and an India node on loopback that exchange under an agreement.",
)
@click.option(
    "--serve/--no-serve",
    default=True,
    show_default=True,
    help="With --two-nodes: keep both nodes serving after the exchange (Ctrl-C stops).",
)
@click.option(
    "--ports",
    default="8471,8472",
    show_default=True,
    help="With --two-nodes: ports of the US and the India node (0,0: any free ports).",
)
@click.pass_obj
def demo(settings: Settings, top: int, two_nodes: bool, serve: bool, ports: str) -> None:
    """Load the bundled sample data (real FTC data + a synthetic India-side set) and
    print the campaigns found. Re-running adds nothing: imports are idempotent."""
    if two_nodes:
        from crossline.cli.demo_two_nodes import run_two_nodes

        run_two_nodes(settings, top=top, serve=serve, ports=ports)
        return
    from crossline.demo_data import demo_files

    files = demo_files()
    click.echo(f"Crossline node: store {settings.database_url}")
    progress = RowProgress("loading sample data")
    summaries = import_paths(settings, files, progress=progress)
    progress.done()
    click.echo(
        table(
            [
                (
                    s.path.rsplit("/", 1)[-1],
                    s.format,
                    s.rows_read,
                    s.stored,
                    s.duplicates,
                    s.quarantined,
                )
                for s in summaries
            ],
            ["file", "format", "read", "stored", "dupes", "quarantined"],
        )
    )
    with open_store(settings) as store, store.read() as conn:
        st = stats(conn)
        cross = campaigns_page(conn, limit=top, cross_border=True)["items"]
        biggest = campaigns_page(conn, limit=top)["items"]
    click.echo(
        f"\n{st['reports']:,} reports, {st['indicators']:,} indicators, "
        f"{st['campaigns']:,} campaigns ({st['common_indicators']} values marked common)"
    )
    for title, items in (("Cross-border campaigns", cross), ("Largest campaigns", biggest)):
        click.echo(f"\n{title}")
        click.echo(campaigns_table(items))
    click.echo("\nNext: crossline campaign ID | crossline lookup VALUE | crossline stats")
