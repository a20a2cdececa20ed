"""Analyst reviews: record a confirmation, rejection or correction; apply them to merged events."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from steppe.errors import UsageError
from steppe.model import content_hash
from steppe.store.store import Store

ACTIONS = ("confirm", "reject", "correct")
FIELDS = ("category", "event_type", "actor", "recipient", "date", "status", "location")
CATEGORIES = ("meeting", "agreement", "arms_transfer", "defence_industry", "exercise", "military_aid",
              "intelligence", "institutional", "statement", "criticism", "pressure", "conflict", "economic")
EVENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
               "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")


def validate(action: str, field: str | None, value: Any) -> Any:
    """Check a review; returns the value normalised (codes upper-cased, dates checked)."""
    if action not in ACTIONS:
        raise UsageError(f"action must be one of {ACTIONS}, not {action!r}")
    if action != "correct":
        return None
    if field not in FIELDS:  # also guards the column name used in materialize()
        raise UsageError(f"field must be one of {FIELDS}, not {field!r}")
    if field == "category" and value not in CATEGORIES:
        raise UsageError(f"category must be one of {CATEGORIES}")
    if field == "event_type" and value not in EVENT_TYPES + (None,):
        raise UsageError(f"event_type must be one of {EVENT_TYPES} or null")
    if field in ("actor", "recipient"):
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise UsageError(f"{field} must be a list of codes")
        return [v.strip().upper() for v in value]
    if field == "date" and value is not None:
        from steppe.extract.dates import parse_iso

        if not isinstance(value, str) or parse_iso(value) is None:
            raise UsageError("date must be YYYY, YYYY-MM or YYYY-MM-DD")
    if field == "status" and value not in ("occurred", "future", "hypothetical", "negated"):
        raise UsageError("status must be occurred, future, hypothetical or negated")
    return value


def add_review(store: Store, cluster_id: str, action: str, field: str | None = None, value: Any = None,
               reviewer: str | None = None, note: str | None = None) -> dict[str, Any]:
    """Store one review of a merged event; raises UsageError when it is not valid."""
    if not store.query("SELECT 1 AS x FROM clusters WHERE cluster_id = ?", [cluster_id]):
        raise UsageError(f"no event {cluster_id!r}")
    value = validate(action, field, value)
    now = datetime.now(UTC)
    rid = content_hash(f"{cluster_id}\x00{action}\x00{field}\x00{now.isoformat()}")
    store.con.execute("INSERT INTO reviews VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                      [rid, cluster_id, action, field, json.dumps(value), reviewer, note, now])
    materialize(store, [cluster_id])
    return {"review_id": rid, "cluster_id": cluster_id, "action": action, "field": field, "value": value,
            "reviewer": reviewer, "note": note, "created_at": now.isoformat()}


def reviews_for(store: Store, cluster_ids: list[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    if cluster_ids is not None and not cluster_ids:
        return {}
    sql = "SELECT * FROM reviews"
    params: list[Any] = []
    if cluster_ids is not None:
        sql += " WHERE cluster_id IN (SELECT unnest(?::VARCHAR[]))"
        params.append(cluster_ids)
    out: dict[str, list[dict[str, Any]]] = {}
    for r in store.query(sql + " ORDER BY created_at, review_id", params):
        r["value"] = json.loads(r["value"]) if r["value"] else None
        out.setdefault(r["cluster_id"], []).append(r)
    return out


def materialize(store: Store, cluster_ids: list[str]) -> None:
    """Write the latest review of each field into the clusters (and their actors), so every reader
    (watch, brief, exports, web) sees the corrected event; the reviews table keeps the history."""
    revs = reviews_for(store, cluster_ids)
    con = store.con
    for cid, items in revs.items():
        state = "unreviewed"
        for rv in items:
            if rv["action"] == "confirm":
                state = "confirmed"
            elif rv["action"] == "reject":
                state = "rejected"
            else:
                field, value = rv["field"], rv["value"]
                if field in ("actor", "recipient"):
                    con.execute("DELETE FROM cluster_actors WHERE cluster_id = ? AND role = ?", [cid, field])
                    for pos, code in enumerate(value):
                        con.execute("INSERT INTO cluster_actors VALUES (?, ?, ?, ?, ?, NULL)",
                                    [cid, field, pos, code, code])
                else:
                    con.execute(f"UPDATE clusters SET {field} = ? WHERE cluster_id = ?",  # noqa: S608
                                [value, cid])  # field is one of FIELDS, checked when stored
                if state in ("unreviewed", "confirmed"):
                    state = "corrected"
        con.execute("UPDATE clusters SET review = ? WHERE cluster_id = ?", [state, cid])
