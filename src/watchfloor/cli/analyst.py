"""Analysts' commands: review claims and events, merge and split entities."""

from __future__ import annotations

import click

from watchfloor.cli.options import db_option, open_db
from watchfloor.exceptions import WatchfloorError


@click.command()
@click.argument("target", required=False)
@db_option
@click.option("--event", "is_event", is_flag=True, help="TARGET is an event id, not a claim id.")
@click.option("--accept", "decision", flag_value="accept", help="Mark as checked and right.")
@click.option("--reject", "decision", flag_value="reject", help="Mark as wrong: hidden everywhere.")
@click.option("--correct", "corrections", multiple=True, metavar="FIELD=VALUE",
              help="Correct a field (repeatable), e.g. --correct low=46 --correct time=2021-10-08.")
@click.option("--note", default=None, help="Why: kept with the decision.")
@click.option("--reviewer", default=None, help="Who decides (default: setting or $USER).")
@click.option("--predicate", default=None, help="Interactive mode: only this predicate.")
@click.option("--limit", default=20, show_default=True, help="Interactive mode: claims to show.")
def review(target: str | None, db: str | None, is_event: bool, decision: str | None,
           corrections: tuple[str, ...], note: str | None, reviewer: str | None,
           predicate: str | None, limit: int) -> None:
    """Accept, reject or correct a claim or an event; each decision is logged.

    Reviewed claims win in every view and export, and re-running extraction never
    overwrites a review. Corrections add up (a second --correct keeps the first) and
    are checked against the ontology and the export schema first; entities may be named
    (--correct subject="Abu Omar"). Without TARGET, walks through unreviewed claims.

    \b
    Examples:
      watchfloor review clm-3f2a... --reject --note "the 13 were soldiers, not the toll"
      watchfloor review clm-3f2a... --correct low=46 --correct certainty=reported
      watchfloor review --event evt-91c0... --correct killed_low=46   # also a merged event
      watchfloor review --predicate killed        # interactive
    """
    from watchfloor.resolve.judgements import parse_changes
    from watchfloor.resolve.judgements import review as do_review
    from watchfloor.store.reading import CORRECTABLE_CLAIM_FIELDS, CORRECTABLE_EVENT_FIELDS

    kb, settings = open_db(db, write=True)
    reviewer = reviewer or settings["reviewer"] or None
    kind = "event" if is_event else "claim"
    with kb:
        if target is None:
            _interactive(kb, predicate, limit, reviewer, note)
            return
        allowed = CORRECTABLE_EVENT_FIELDS if is_event else CORRECTABLE_CLAIM_FIELDS
        changes = parse_changes(list(corrections), allowed)
        if changes:
            decision = "correct"
        if decision is None:
            raise WatchfloorError("say what to do with it",
                                  "add --accept, --reject or --correct FIELD=VALUE")
        target_id = do_review(kb, kind, target, decision, changes, reviewer, note)
    click.echo(f"{decision} recorded for {kind} {target_id}")


def _interactive(kb, predicate: str | None, limit: int, reviewer: str | None,
                 note: str | None) -> None:
    from rich.console import Console

    from watchfloor.report.terminal import fmt_range, safe
    from watchfloor.resolve.judgements import review as do_review
    from watchfloor.store.base import ClaimFilter

    console = Console()
    pending = [c for c in kb.claims(ClaimFilter(predicate=predicate)) if not c["review"]][:limit]
    if not pending:
        click.echo("nothing to review")
        return
    for c in pending:
        value = c["object"] or fmt_range(c["low"], c["high"]) or c["value"] or ""
        console.print(f"\n[bold]{safe(c['subject'])}[/bold] {safe(c['predicate'])}"
                      f" [bold]{safe(value)}[/bold]  time={safe(c['time'] or '-')}"
                      f" certainty={safe(c['certainty'])}"
                      f" source={safe(c['attributed_to'] or c['document'])}")
        if c["evidence"]:
            console.print(f"  “{safe(c['evidence'][0]['text'].strip())}”", highlight=False)
        answer = click.prompt("  [a]ccept, [r]eject, [s]kip, [q]uit", default="s",
                              type=click.Choice(["a", "r", "s", "q"]), show_choices=False)
        if answer == "q":
            break
        if answer in "ar":
            decision = "accept" if answer == "a" else "reject"
            do_review(kb, "claim", c["id"], decision, {}, reviewer, note)
            click.echo(f"  {decision}ed")


@click.command()
@click.argument("keep")
@click.argument("absorb")
@db_option
@click.option("--event", "is_event", is_flag=True,
              help="KEEP and ABSORB are events (one report's each), not entities.")
@click.option("--note", default=None)
@click.option("--reviewer", default=None)
def merge(keep: str, absorb: str, db: str | None, is_event: bool, note: str | None,
          reviewer: str | None) -> None:
    """Merge entity ABSORB into KEEP (by id or name); survives re-ingest and reprocess.
    With --event, two reports' events become one occurrence whatever the merge tests say.

    \b
    Examples:
      watchfloor merge "Haqqani Network" "organization:haqqanis"
      watchfloor merge --event evt-3f2a... evt-91c0...
    """
    from watchfloor.resolve.judgements import merge_entities, reviewer_name

    kb, settings = open_db(db, write=True)
    with kb:
        if is_event:
            from watchfloor.resolve.event_links import merge_events

            a, b = merge_events(kb, keep, absorb,
                                reviewer_name(reviewer or settings["reviewer"]), note)
        else:
            a, b = merge_entities(kb, keep, absorb, reviewer, note)
    click.echo(f"merged {b} into {a}")


@click.command()
@click.argument("entity")
@db_option
@click.option("--event", "is_event", is_flag=True,
              help="ENTITY is an event merged with other reports' events: take it out.")
@click.option("--note", default=None)
@click.option("--reviewer", default=None)
def split(entity: str, db: str | None, is_event: bool, note: str | None,
          reviewer: str | None) -> None:
    """Undo a merge: ENTITY (an id of the merged group, matched by watchfloor across
    documents by a shared name or merged by an analyst) stands apart from the group from
    now on, through re-ingest and reprocess (`watchfloor show` lists the matches). With
    --event, a report's event leaves the merged event it was put in (machine-made or by
    hand) and stays apart from those members.

    \b
    Examples:
      watchfloor split organization:haqqanis
      watchfloor split --event evt-91c0...
    """
    from watchfloor.resolve.judgements import reviewer_name, split_entity

    kb, settings = open_db(db, write=True)
    with kb:
        if is_event:
            from watchfloor.resolve.event_links import split_event

            member, others = split_event(kb, entity,
                                         reviewer_name(reviewer or settings["reviewer"]), note)
            click.echo(f"split {member} from {', '.join(others)}")
            return
        a, b = split_entity(kb, entity, reviewer, note)
    click.echo(f"split {a} from {b}")


COMMANDS = [review, merge, split]
