"""`qa decide`, `qa fix`, `qa apply`, `qa export`, `qa status`: thin commands over qa.patches,
qa.relocate and qa.export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import click

from qa import config, records
from qa.cli import verdict_on_broken_pipe
from qa.errors import EXIT_VIOLATIONS, UsageError
from qa.findings import Finding
from qa.patches import CorrectionStore, Decision, decide_all
from qa.gate import conflict_lines, decided, field_texts, progress, scan
from qa.relocate import ABSENT, ALREADY, EXACT, RELOCATED, ApplyResult, apply_frame
from qa.rewrite import lost_columns, unwritable_columns, write as write_corrected

rules_option = click.option("--rules", "rules", type=click.Path(), help="Glossary directory (default: [tool.qa] rules, ./rules).")
corrections_option = click.option(
    "--corrections", "corrections", type=click.Path(file_okay=False),
    help="Directory of patch files (default: [tool.qa] corrections, ./corrections).",
)
reviewer_option = click.option("--reviewer", help="Name written into decisions (default: [tool.qa] reviewer, else the login name, else git user.name); kept in each decision's reviewer field.")


def data_paths(paths: Sequence[str]) -> list[str]:
    return list(paths) or [str(config.SAMPLE)]


def _describe(action: str, f: Finding, replacement: str | None) -> str:
    what = f"{f.found!r} -> {replacement!r}" if action == "accept" else f"{f.found!r} kept"
    return f"{action + 'ed':9} {f.id}  {f.video_id} {f.start_second} {f.field}: {what}"


def _lookup(findings: dict[str, Finding], ident: str) -> Finding:
    if ident in findings:
        return findings[ident]
    matches = [f for i, f in findings.items() if len(ident) >= 4 and i.startswith(ident)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UsageError(f"finding id {ident!r} is ambiguous ({len(matches)} findings start with it)")
    raise UsageError(f"no finding with id {ident!r} in this data (ids come from `qa scan`)")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--accept", "accepts", multiple=True, metavar="ID[=REPLACEMENT]",
              help="Accept a finding, with its suggestion or the replacement given.")
@click.option("--reject", "rejects", multiple=True, metavar="ID", help="Reject a finding (the words are right).")
@click.option("--accept-all-of", "accept_all", multiple=True, metavar="FOUND_TEXT",
              help="Accept every finding whose found text is FOUND_TEXT.")
@click.option("--edit", "edits", multiple=True, metavar="VIDEO_ID:START_SECOND:WORDS=REPLACEMENT",
              help="Correct words no finding proposed (in the text field; WORDS must occur once).")
@click.option("--delete", "deletes", multiple=True, metavar="VIDEO_ID:START_SECOND:WORDS",
              help="Delete words no finding proposed (in the text field; WORDS must occur once), with one space beside them.")
@click.option("--forget", "forgets", multiple=True, metavar="ID", help="Remove the decision on a finding (undo).")
@rules_option
@corrections_option
@reviewer_option
def decide(paths, accepts, rejects, accept_all, edits, deletes, forgets, rules, corrections, reviewer) -> None:
    """Record decisions on findings of `qa scan` without the review UI.

    PATH defaults to the bundled sample. Decisions go to one patch file per video in the
    corrections directory; a new decision on a finding replaces the old one."""
    if not (accepts or rejects or accept_all or edits or deletes or forgets):
        raise UsageError("nothing to decide: give --accept, --reject, --accept-all-of, --edit, --delete or --forget")
    for item in accepts:
        ident, eq, replacement = item.partition("=")
        if eq and not replacement.strip():  # as in the review app: deleting the words is no accept
            raise UsageError(f"--accept {item!r}: the replacement is empty (use --reject {ident} if the words are right)")
    store = CorrectionStore(config.corrections_to_write(corrections), reviewer)
    paths = data_paths(paths)
    typed = _edits(paths, edits, deletes, reviewer) if edits or deletes else []
    for ident in forgets:
        gone = store.forget(ident) or _forget_moved(store, paths, rules, ident)
        click.echo(f"forgot    {ident}" + (f"  ({gone.action} of {gone.original!r})" if gone else "  (no decision)"))
    if not (accepts or rejects or accept_all):
        store.record_many(typed)
        for d in typed:
            click.echo(_edited(d))
        if typed:
            click.echo(f"{len(typed)} decision(s) recorded in {store.directory}/")
        return
    found = scan(paths, rules)
    by_id = {f.id: f for f in found}
    chosen: list[tuple[Finding, str, str | None]] = []
    for item in accepts:
        ident, _, replacement = item.partition("=")
        chosen.append((_lookup(by_id, ident), "accept", replacement if "=" in item else None))
    chosen += [(_lookup(by_id, ident), "reject", None) for ident in rejects]
    for text in accept_all:
        hits = [f for f in found if f.found == text]
        if not hits:
            raise UsageError(f"no finding has the found text {text!r}")
        chosen += [(f, "accept", None) for f in hits]
    frame = records.load(paths).frame
    texts = field_texts(frame, [f for f, _, _ in chosen])
    decisions: list[Decision] = list(typed)
    said = [_edited(d) for d in typed]
    for f, action, replacement in chosen:
        decisions += decide_all(f, texts, action, replacement, reviewer)
        said.append(_describe(action, f, replacement if replacement is not None else f.suggestion))
    # a decision made on the same words before the text changed (another id) is replaced, not kept beside
    earlier = decided([f for f, _, _ in chosen], frame, store.decisions())
    moved = {d.finding_id for fid, d in earlier.items() if d.finding_id != fid}
    store.record_many(decisions)
    if moved:
        store.forget_many(moved, videos={f.video_id for f, _, _ in chosen})
    # said once written: a patch file that cannot be read or written fails the command before any
    # "accepted ..." line claims a decision that was not recorded
    for line in said:
        click.echo(line)
    click.echo(f"{len(chosen) + len(typed)} decision(s) recorded in {store.directory}/")


def _forget_moved(store: CorrectionStore, paths, rules, ident: str) -> Decision | None:
    """The decision on finding *ident* stored under its old id (made before the record's text
    changed), removed; None when there is none. `qa status` and `qa review` count that decision as
    the finding's, so an undo that left it would leave the finding decided."""
    by_id = {f.id: f for f in scan(paths, rules)}
    if ident not in by_id:
        return None
    f = by_id[ident]
    earlier = decided([f], records.load(paths).frame, store.decisions()).get(f.id)
    if earlier is None or earlier.finding_id == f.id:
        return None
    gone = store.forget_many([earlier.finding_id], videos={f.video_id})
    return next((d for d in gone if d.finding_id == earlier.finding_id), gone[0] if gone else None)


def _edits(paths: Sequence[str], specs: Sequence[str], deletes: Sequence[str], reviewer: str | None) -> list[Decision]:
    """Edit decisions from `VIDEO_ID:START_SECOND:WORDS=REPLACEMENT` and deletions from
    `VIDEO_ID:START_SECOND:WORDS` (the words must occur once).

    An empty replacement is refused: `--edit 'V:S:um so='` (a typo, a shell that ate a quoted word)
    deleted the words with nothing said but `-> ''`. A deletion is asked for by name, `--delete`, and
    takes one space beside the words with them, so the text is not left with two spaces in a row."""
    from qa.patches import make_decision

    parsed = []
    for spec in specs:
        video_id, second, words, eq, replacement = _edit_spec(spec)
        if not (video_id and second and words and eq):
            raise UsageError(f"--edit {spec!r}: expected VIDEO_ID:START_SECOND:WORDS=REPLACEMENT")
        if not replacement.strip():
            raise UsageError(f"--edit {spec!r}: the replacement is empty; to delete the words, "
                             f"give --delete '{video_id}:{second}:{words}'")
        parsed.append(("--edit", spec, video_id, second, words, replacement))
    for spec in deletes:
        video_id, second, words, _, _ = _edit_spec(spec + "=")
        if not (video_id and second and words.strip()):
            raise UsageError(f"--delete {spec!r}: expected VIDEO_ID:START_SECOND:WORDS")
        parsed.append(("--delete", spec, video_id, second, words, ""))
    frame = records.load(paths).frame
    texts = {(v, s): t for v, s, t in frame.select("video_id", "start_second", "text").iter_rows()}
    out = []
    for flag, spec, video_id, second, words, replacement in parsed:
        text = texts.get((video_id, second))
        if text is None:
            raise UsageError(f"{flag} {spec!r}: no record {video_id} {second} in the data")
        if text.count(words) != 1:
            raise UsageError(f"{flag} {spec!r}: {words!r} occurs {text.count(words)} times in {video_id} {second}; "
                             "give enough words to be unique")
        start = text.index(words)
        end = start + len(words)
        if not replacement:
            start, end = _with_a_space(text, start, end)
        out.append(make_decision(action="edit", video_id=video_id, start_second=second, field_name="text",
                                 start=start, end=end, field_text=text, replacement=replacement,
                                 reviewer=reviewer))
    return out


def _edit_spec(spec: str) -> tuple[str, str, str, str, str]:
    """(video_id, start_second, words, '=' or '', replacement) of `VIDEO_ID:START_SECOND:WORDS=REPLACEMENT`."""
    video_id, _, rest = spec.partition(":")
    second, _, rest = rest.partition(":")
    words, eq, replacement = rest.partition("=")
    return video_id, second, words, eq, replacement


def _with_a_space(text: str, start: int, end: int) -> tuple[int, int]:
    """The span start:end of words to delete, widened by the space after them (before them where a
    punctuation mark or the end of the text follows), unless the words given have a space at an end."""
    if text[start:end] != text[start:end].strip():
        return start, end
    if end < len(text) and text[end] == " ":
        return start, end + 1
    if start > 0 and text[start - 1] == " ":
        return start - 1, end
    return start, end


def _edited(d: Decision) -> str:
    if not d.replacement:
        return f"deleted   {d.video_id} {d.start_second} text: {d.original!r}"
    return f"edited    {d.video_id} {d.start_second} text: {d.original!r} -> {d.replacement!r}"


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--safe", is_flag=True, help="Accept every undecided finding whose glossary variant is marked safe.")
@click.option("--dry-run", is_flag=True, help="Print what would be accepted; record nothing.")
@rules_option
@corrections_option
@reviewer_option
def fix(paths, safe, dry_run, rules, corrections, reviewer) -> None:
    """Accept safe fixes without review (PATH defaults to the bundled sample).

    Only findings from variants marked `safe: true` in the glossary are accepted; findings that
    already have a decision are left alone. Review the rest with `qa review` or `qa decide`."""
    if not safe:
        raise UsageError("qa fix only makes safe fixes; pass --safe (review the others with qa review / qa decide)")
    paths = data_paths(paths)
    store = CorrectionStore(config.corrections_to_write(corrections), reviewer)
    found, frame = scan(paths, rules), records.load(paths).frame
    done = decided(found, frame, store.decisions())  # also those decided before the text changed
    todo = [f for f in found if f.safe and f.id not in done]
    texts = field_texts(frame, todo)
    decisions: list[Decision] = []
    for f in todo:
        decisions += decide_all(f, texts, "accept", None, reviewer)
    if not dry_run:
        store.record_many(decisions)
    for f in todo:  # (after the write, as in qa decide)
        click.echo(_describe("accept", f, f.suggestion))
    if not todo:  # ("0 safe fix(es) accepted, recorded in corrections/" named a directory it had not made)
        click.echo("no undecided finding is a safe fix: nothing " + ("would be " if dry_run else "") + "recorded")
        return
    verb = "would be accepted" if dry_run else f"accepted, recorded in {store.directory}/"
    click.echo(f"{len(todo)} safe fix(es) {verb}")


def corrected(paths: Sequence[str], corrections: str | None, reverse: bool = False):
    """(dataset, apply result) for *paths* with the corrections directory applied (or reversed)."""
    store = CorrectionStore(config.corrections_to_read(corrections))  # (a typo is said before the data is read)
    dataset = records.load(paths)
    return dataset, apply_frame(dataset.frame, store.decisions(), reverse=reverse)


def _summary(result: ApplyResult, reverse: bool) -> str:
    verb = "reversed" if reverse else "applied"
    elsewhere = result.count(ABSENT)  # decisions of videos or records in other files (another shard)
    return (
        f"{result.changed} {verb} ({result.count(EXACT)} exact, {result.count(RELOCATED)} relocated), "
        f"{result.count(ALREADY)} already {verb}, {len(result.conflicts)} conflict(s)"
        + (f", {elsewhere} for records not in the input" if elsewhere else "")
    )


def _stop_on_conflicts(result: ApplyResult, skip: bool) -> None:
    for line in conflict_lines(result.conflicts):
        click.echo(f"qa: {line}", err=True)
    if result.conflicts and not skip:
        click.echo(f"qa: {len(result.conflicts)} conflict(s); nothing written (--skip-conflicts writes the rest)", err=True)
        raise SystemExit(EXIT_VIOLATIONS)


def _keep_unread_source(dataset: records.Dataset, output: str) -> None:
    """Written in place, an input's malformed lines would be gone with no copy left: the output
    leaves them out (they are no records), so a file that has them is never replaced by it (an
    output directory replaces `talks.jsonl` in it by `talks.jsonl`, as `qa export` names files)."""
    from qa.export import _stem

    out = Path(output)
    for file, line in sorted({(p.file, p.line or 0) for p in dataset.problems
                              if p.check == records.MALFORMED and p.file is not None}):
        source = Path(file).resolve()
        if source in (out.resolve(), (out / (_stem(Path(file)) + ".jsonl")).resolve()):
            raise UsageError(f"malformed record(s) of {file} (first at line {line}) could not be read and would "
                             "be lost by writing over it; mend them or write elsewhere", file=output)


def _warn_unread(dataset: records.Dataset, output: str | None = None) -> None:
    lost = {(p.file, p.line) for p in dataset.problems if p.check == records.MALFORMED}
    if lost:  # (the first named, as `qa scan` names each: the count alone sent the curator to find them)
        file, line = min(lost, key=lambda at: (str(at[0]), at[1] or 0))
        click.echo(f"qa: warning: {len(lost)} malformed record(s) could not be read and are not in the output "
                   f"(first: {file}:{line}; `qa validate` lists them)", err=True)
    twice = [p for p in dataset.problems if p.check == records.REPEATED_KEY]
    if twice:  # which value the record has depends on the reader: `qa validate` says TQ005 for each
        first = twice[0]
        click.echo(f"qa: warning: {len(twice)} record(s) name a key twice (first: {first.file}:{first.line}); "
                   "a record changed here is written with the last value, one left as it is keeps both", err=True)
    # every column is kept, but a JSON record's extra values (objects, mixed types) fit no table column
    extra = lost_columns(dataset, output) if output is not None else []
    if extra:
        click.echo(f"qa: warning: column(s) {', '.join(map(repr, extra))} of the JSON input are not in the "
                   f"{Path(output).name} output (a CSV or Parquet output keeps only the nine of a JSON input; "
                   "write .jsonl or .json to keep them)", err=True)
    nested = unwritable_columns(dataset, output) if output is not None else []
    if nested:
        click.echo(f"qa: warning: column(s) {', '.join(map(repr, nested))} of the Parquet input are not in the "
                   f"{Path(output).name} output (a CSV cannot hold lists, structs, bytes or durations; "
                   "write .parquet or .jsonl to keep them)", err=True)


@click.command("apply")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@corrections_option
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="Corrected dataset; format from the extension (.jsonl, .json, .csv, .parquet); - is stdout, as JSON Lines.")
@click.option("--reverse", is_flag=True, help="Undo the decisions: put the original words back.")
@click.option("--skip-conflicts", is_flag=True, help="Write the output even when some decisions conflict.")
def apply_cmd(paths, corrections, output, reverse, skip_conflicts) -> None:
    """Write PATH with the decisions of the corrections directory applied.

    A decision applies exactly when its record's text is unchanged, is relocated by its words and
    context when the text changed, and is a conflict (exit 1, nothing written) when its words are
    gone or it overlaps another decision. Applying twice changes nothing; --reverse restores the source."""
    to_stdout = output == "-"  # (it was "unknown format '(no extension)'", as if '-' were a file name)
    if not to_stdout:
        records.detect_format(Path(output))
        records.refuse_merging_into_input(output, paths)
    dataset, result = corrected(paths, corrections, reverse)
    _stop_on_conflicts(result, skip_conflicts)
    if not to_stdout:
        _keep_unread_source(dataset, output)
    _warn_unread(dataset, None if to_stdout else output)  # (JSON Lines keeps every column)
    with verdict_on_broken_pipe(0):
        write_corrected(dataset.frame, result.frame, None if to_stdout else output)
    # on stderr when the data went to stdout: a line there would be read as one more record
    click.echo(f"{_summary(result, reverse)}; wrote {'stdout' if to_stdout else output}", err=to_stdout)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@corrections_option
@click.option("--format", "fmt", type=click.Choice(["srt", "vtt", "diff", "jsonl"]), required=True)
@click.option("--output", "-o", required=True, type=click.Path(allow_dash=True),
              help="Directory (srt, vtt) or file (diff, jsonl); - is stdout (diff, jsonl).")
@click.option("--skip-conflicts", is_flag=True, help="Export even when some decisions conflict.")
def export(paths, corrections, fmt, output, skip_conflicts) -> None:
    """Export the corrected data: SRT or WebVTT per video, a unified diff, or JSONL.

    The diff is of a text rendering with one `VIDEO START<TAB>text` line per record, so
    `patch -p1` replays it on that rendering of the source."""
    from qa.export import check_output, export as write_export

    to_stdout = output == "-"  # (it made a directory or a file named '-')
    if to_stdout and fmt in ("srt", "vtt"):
        raise UsageError(f"--format {fmt} writes one file per video; give a directory for --output, not -")
    if fmt == "diff" and not to_stdout:  # (a JSON Lines export over its source is `qa apply` in place: allowed)
        records.refuse_overwriting_input(output, paths, "diff")
    if not to_stdout:
        check_output(fmt, output)
        if fmt == "jsonl":
            records.refuse_merging_into_input(output, paths)
    dataset, result = corrected(paths, corrections)
    _stop_on_conflicts(result, skip_conflicts)
    if fmt == "jsonl":
        if not to_stdout:
            _keep_unread_source(dataset, output)
        _warn_unread(dataset)  # (JSON Lines keeps every column)
    name = Path(paths[0]).name.split(".")[0] + ".txt" if len(paths) == 1 else "transcript.txt"
    left_out: list[tuple[str | None, int | None]] = []
    with verdict_on_broken_pipe(0):
        written = write_export(dataset.frame, result.frame, fmt, None if to_stdout else output, name, left_out)
    if left_out:  # (documented, but said nowhere: a chunk's words were missing from the subtitles unannounced)
        file, line = left_out[0]
        click.echo(f"qa: warning: {len(left_out)} record(s) left out of the {fmt} files: no video_id, usable start "
                   f"time or text (first: {file}:{line}; `qa validate` names what is wrong)", err=True)
    if to_stdout:
        return
    if len(written) <= 20:
        for path in written:
            click.echo(f"wrote {path}")
    else:  # one file per video: a line each would bury the rest of the run's output
        click.echo(f"wrote {len(written):,} .{fmt} files in {Path(output)}")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@rules_option
@corrections_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def status(paths, rules, corrections, fmt) -> None:
    """Review progress (PATH defaults to the bundled sample): findings open / accepted / rejected per
    term and per video, conflicts, and patch files that no longer apply."""
    paths = data_paths(paths)
    report = progress(paths, rules, corrections)
    if fmt == "json":
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    for title, key in (("term", "terms"), ("video", "videos")):
        rows = report[key]
        width = max([len(title)] + [len(k) for k in rows])
        click.echo(f"{title:<{width}}  {'open':>5} {'accepted':>8} {'rejected':>8} {'conflict':>8}")
        for name, c in rows.items():
            click.echo(f"{name:<{width}}  {c['open']:>5} {c['accepted']:>8} {c['rejected']:>8} {c['conflict']:>8}")
        click.echo("")
    t = report["totals"]
    # a conflict is a decision `qa apply` refuses (its words are gone): neither accepted nor open
    click.echo(f"total: {t['open']} open, {t['accepted']} accepted, {t['rejected']} rejected, "
               f"{t['conflict']} in conflict; {len(report['conflicts'])} conflict(s) listed below, "
               f"{report['stale_rejects']} stale reject(s)")
    for line in report["conflicts"]:
        click.echo(line)
    for path in report["files_not_applying"]:
        click.echo(f"patch file no longer applies cleanly: {path}")


__all__ = ["decide", "fix", "apply_cmd", "export", "status"]
