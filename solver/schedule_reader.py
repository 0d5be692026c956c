"""Reading the JSON form of a schedule (the solver's answer) back into the solver's types.

Used by `python -m solver validate` and by the web app when it stores or reloads a schedule;
every fault is collected with its JSON path, as for problems (problem_reader.py).
"""

from __future__ import annotations

from typing import Any

from solver.problem import (
    SCHEDULE_STATUSES,
    CandidateNote,
    Interview,
    Reason,
    Schedule,
    TierResult,
)
from solver.problem_reader import JsonReader, join, json_text, kind


def read_interviews(reader: JsonReader, value: Any, path: str) -> tuple[Interview, ...]:
    if not isinstance(value, list):
        reader.fail(path, f"expected a list, got {kind(value)}")
        return ()
    interviews = []
    for index, item in enumerate(value):
        item_path = join(path, index)
        obj = reader.fields(
            item, item_path, ("candidate", "employer", "vacancy", "table", "start", "end"), ()
        )
        interviews.append(
            Interview(
                candidate=reader.text(obj, "candidate", item_path),
                employer=reader.text(obj, "employer", item_path),
                vacancy=reader.text(obj, "vacancy", item_path),
                table=reader.integer(obj, "table", item_path),
                start=reader.time(obj, "start", item_path),
                end=reader.time(obj, "end", item_path),
            )
        )
    return tuple(interviews)


def read_notes(
    reader: JsonReader, obj: dict[str, Any] | None, key: str
) -> tuple[CandidateNote, ...]:
    notes = []
    for note_path, item in reader.items(obj, key, ""):
        note = reader.fields(item, note_path, ("candidate", "reasons"), ())
        reasons = []
        for reason_path, reason_item in reader.items(note, "reasons", note_path):
            reason = reader.fields(reason_item, reason_path, ("code", "text"), ("detail",))
            detail = _read_detail(reader, reason, reason_path)
            reasons.append(
                Reason(
                    code=reader.text(reason, "code", reason_path),
                    text=reader.text(reason, "text", reason_path),
                    detail=detail,
                )
            )
        notes.append(
            CandidateNote(
                candidate=reader.text(note, "candidate", note_path), reasons=tuple(reasons)
            )
        )
    return tuple(notes)


def _read_detail(
    reader: JsonReader, reason: dict[str, Any] | None, path: str
) -> tuple[tuple[str, str], ...]:
    if reason is None or "detail" not in reason:
        return ()
    detail = reason["detail"]
    if not isinstance(detail, dict):
        reader.fail(join(path, "detail"), f"expected an object, got {kind(detail)}")
        return ()
    pairs = []
    for key, value in detail.items():
        if not isinstance(value, str):
            reader.fail(join(join(path, "detail"), key), f"expected a string, got {kind(value)}")
            continue
        pairs.append((key, value))
    return tuple(pairs)


def read_tiers(reader: JsonReader, obj: dict[str, Any] | None, key: str) -> tuple[TierResult, ...]:
    tiers = []
    for tier_path, item in reader.items(obj, key, ""):
        tier = reader.fields(item, tier_path, ("name", "value", "bound", "gap"), ("proven",))
        tiers.append(
            TierResult(
                name=reader.text(tier, "name", tier_path),
                value=reader.integer(tier, "value", tier_path),
                bound=reader.integer(tier, "bound", tier_path),
                gap=reader.number(tier, "gap", tier_path),
                proven=reader.flag(tier, "proven", tier_path, False),
            )
        )
    return tuple(tiers)


def read_schedule(reader: JsonReader, data: Any) -> Schedule:
    root = reader.fields(
        data,
        "",
        ("status", "interviews"),
        ("message", "unscheduled", "not_first_choice", "objectives", "baseline", "stats"),
    )
    status = reader.text(root, "status", "")
    if status is not None and status not in SCHEDULE_STATUSES:
        reader.fail("status", f"{json_text(status)} is not one of {', '.join(SCHEDULE_STATUSES)}")
    stats = root.get("stats", {}) if root else {}
    if not isinstance(stats, dict):
        reader.fail("stats", f"expected an object, got {kind(stats)}")
        stats = {}
    return Schedule(
        status=status,
        interviews=read_interviews(reader, root["interviews"], "interviews")
        if root and "interviews" in root
        else (),
        unscheduled=read_notes(reader, root, "unscheduled"),
        not_first_choice=read_notes(reader, root, "not_first_choice"),
        objectives=read_tiers(reader, root, "objectives"),
        baseline=read_tiers(reader, root, "baseline"),
        stats=dict(stats),
        message=reader.text(root, "message", "", ""),
    )
