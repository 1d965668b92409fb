"""Turning tool results into the offline model's replies.

Every sentence is assembled from a tool result: numbers come from the engine, "why" answers quote
the decision record and cite its id, concept answers quote a knowledge note and cite it. When a
result says there is no record, the reply says so instead of inventing one.
"""

from __future__ import annotations

import re
from typing import Any

_DATA = re.compile(r"</?data>")


def preview_reply(result: dict[str, Any], changes: list[str] | None = None) -> str:
    if not result.get("ok"):
        return "I could not compute a preview: " + "; ".join(result.get("problems") or [])
    plan = result["data"]["plan"]
    weights = plan["allocation"]["weights"]
    targets = ", ".join(
        f"{a} {w:.1%}" for a, w in sorted(weights.items(), key=lambda kv: -kv[1]) if w > 0
    )
    cash = plan["allocation"]["cash_weight"]
    lines = [
        f"Preview for '{plan['spec_name']}' v{plan['spec_version']} "
        f"({plan['allocation']['objective']}): targets {targets}"
        + (f", cash {cash:.1%}" if cash > 0.0005 else "")
        + ".",
        f"{len(plan['orders'])} orders, estimated fees {float(plan['total_fees']):.2f} "
        f"{plan['quote']} and slippage {float(plan['total_slippage']):.2f} {plan['quote']}.",
    ]
    if changes:
        lines.insert(0, f"Changed from the previous version: {'; '.join(changes)}.")
    for skip in plan["unexecutable"]:
        lines.append(f"{skip['side']} {skip['symbol']}: {skip['reason']}.")
    lines.append(
        f"Plan {plan['plan_hash'][:12]} expires at {plan['expires_at'][11:19]} UTC. "
        "Review it and press Confirm to execute it in paper mode; I cannot execute anything."
    )
    if plan.get("simulated_market"):
        lines.append("Prices are from the simulated demo market.")
    return " ".join(lines)


def explain_reply(result: dict[str, Any], question: str, assets: list[str]) -> str:
    """A "why" answer from the decision record: for named coins, whether they are held at all,
    the clamp that bound them and whose cap it was, or that the weight is the optimizer's."""
    data = result.get("data", {})
    lines: list[str] = list(data.get("lines") or [])
    if not result.get("ok") or not data.get("decision_id"):
        return lines[0] if lines else "There is no decision on record, so I cannot say why."
    did = data["decision_id"]
    if assets:
        targets: dict[str, float] = data.get("target_weights") or {}
        body: list[str] = []
        for asset in assets:
            body.extend(_why_asset(asset, lines, targets, str(data.get("objective") or "")))
        return f"From decision {did}: " + " ".join(body) + f" (record {did})"
    keep = [ln for ln in lines if not ln.startswith("Order:")]
    return f"From decision {did}: " + " ".join(keep[1:]) + f" (record {did})"


def _why_asset(
    asset: str, lines: list[str], targets: dict[str, float], objective: str
) -> list[str]:
    held = {a: w for a, w in targets.items() if w > 0.00005}
    if targets and asset not in held:
        holds = ", ".join(f"{a} {w:.1%}" for a, w in sorted(held.items(), key=lambda kv: -kv[1]))
        return [
            f"{asset} is not held: this strategy's targets are {holds or 'nothing'}, and "
            f"{asset} is not among them (say 'add {asset}' to include it)."
        ]
    clamps = [ln for ln in lines if ln.startswith(f"Clamp on {asset}:")]
    if clamps:
        return clamps
    cap = next((ln for ln in lines if ln.startswith("Weight cap per coin: ")), None)
    limit = re.search(r"cap of (\d+(?:\.\d+)?)%", cap or "")
    if cap and limit and abs(targets.get(asset, 0.0) * 100 - float(limit.group(1))) < 0.05:
        source = cap.removeprefix("Weight cap per coin: ").rstrip(".")
        by = f" ({objective})" if objective else ""
        return [
            f"{asset} is at {targets[asset]:.1%}, exactly the most any coin may hold: {source}. "
            f"The optimizer{by} chose the weights within that limit."
        ]
    weight = f" of {targets[asset]:.1%}" if asset in targets else ""
    by = f" ({objective})" if objective else ""
    mentioned = [
        ln for ln in lines if re.search(rf"\b{asset}\b", ln) and not ln.startswith("Order:")
    ]
    if not targets and not mentioned:
        return [f"the record does not mention {asset}."]
    return [
        f"No cap or floor clamped {asset}; its target weight{weight} is the optimizer's{by} "
        "choice for the price window."
    ]


def knowledge_reply(result: dict[str, Any]) -> str:
    if not result.get("ok"):
        return "I have no note on that in my knowledge base, so I won't guess."
    top = result["data"]["passages"][0]
    text = " ".join(_DATA.sub("", str(top["text"])).split())
    sentences = re.split(r"(?<=[.!?])\s+", text)
    excerpt = " ".join(sentences[:4])
    return f"{excerpt} (source: knowledge note '{top['note_id']}')"


def sentiment_reply(result: dict[str, Any]) -> str:
    problems = result.get("problems") or []
    if not result.get("ok"):
        return "I could not read any headlines. " + "; ".join(problems[:3])
    lines = [str(result["summary"]) + "."]
    for asset, info in list(result["data"]["assets"].items())[:3]:
        titles = [_DATA.sub("", h["title"]) for h in info["headlines"][:2]]
        lines.append(f"{asset}: " + " | ".join(f'"{t}"' for t in titles) + ".")
    if problems:
        lines.append(f"{len(problems)} feed(s) could not be read.")
    lines.append("Headline sentiment is context, not a trading signal by itself.")
    return " ".join(lines)


def backtest_reply(result: dict[str, Any]) -> str:
    if not result.get("ok"):
        return "The backtest could not run: " + "; ".join(result.get("problems") or [])
    years = result["data"]["metrics"].get("yearly_returns") or {}
    per_year = ", ".join(f"{y} {r:+.0%}" for y, r in sorted(years.items()))
    warnings = result.get("problems") or []
    text = str(result["summary"]) + (f" Per year: {per_year}." if per_year else "")
    if warnings:
        text += " Note: " + " ".join(warnings[:2])
    return text + " Past results do not predict future ones."


def summary_reply(result: dict[str, Any]) -> str:
    if not result.get("ok"):
        problems = result.get("problems") or []
        return str(result.get("summary")) + (": " + "; ".join(problems) if problems else "")
    return str(result.get("summary"))


def invalid_spec_reply(result: dict[str, Any]) -> str:
    """``propose_strategy`` refused the spec: the problems, and a request to change the goal."""
    problems = "; ".join(p.rstrip(".") for p in result.get("problems") or [])
    return (
        f"I could not turn that into a valid strategy: {problems}. Could you rephrase or adjust it?"
    )


def proposal_reply(result: dict[str, Any], understood: str) -> str:
    """A valid spec and no preview to follow (``coinpilot spec``): what the parser understood."""
    return understood or summary_reply(result)


#: A preview plans from what the account holds: holdings said but not recorded would be missing.
NOT_PREVIEWED = (
    "I have not previewed the orders: a preview plans from what the account holds, and what you "
    "hold is not recorded there yet, so it would buy coins you already have. Record them, then "
    'say "preview it".'
)
#: Asked for a preview where no preview tool is given (`coinpilot spec`).
NO_PREVIEW_HERE = (
    "No preview here: this only builds the spec; `coinpilot plan` previews a saved spec's "
    "orders, and so does the app."
)


def proposal_with_context(
    reply: str, held: dict[str, Any] | None, *, preview_asked: bool, can_preview: bool
) -> str:
    """A proposal that is not previewed this turn, saying why where the person would wonder:
    holdings they named are not recorded yet (so no preview), or this surface cannot preview."""
    if held is not None and held.get("ok"):
        tail = f" {NOT_PREVIEWED}" if can_preview else ""
        return holdings_note(held) + "\n\n" + reply + tail
    if preview_asked and not can_preview:
        return f"{reply} {NO_PREVIEW_HERE}"
    return reply


def holdings_reply(result: dict[str, Any], goal: Any = None) -> str:
    """What a propose_holdings result means for the person: nothing is recorded until they act.

    ``goal`` is the parser's answer for the same message (a question about the goal is asked
    after the holdings)."""
    if not result.get("ok"):
        return "I could not take those holdings as given: " + "; ".join(
            result.get("problems") or []
        )
    lines = [holdings_note(result)]
    question = getattr(goal, "message", "")
    if goal is not None and getattr(goal, "spec", None) is None and "record" not in question:
        lines.append(question)
    else:
        lines.append("Then tell me the goal: an amount to add, the coins, the risk.")
    return " ".join(lines)


def holdings_note(result: dict[str, Any]) -> str:
    data = result["data"]
    parts = [f"{h['quantity']} {h['asset']}" for h in data["holdings"]]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return (
        f"You hold {listed} (about {float(data['value']):,.2f} {data['quote']}). Nothing is "
        f"recorded yet: press Record holdings (or run `{data['command']}`) to put them on paper "
        f"account {data['account']}, and the next preview plans from them."
    )


def wallet_reply(result: dict[str, Any]) -> str:
    """What a propose_wallet result means for the person: nothing is watched until they act."""
    data = result.get("data") or {}
    if not result.get("ok"):
        if data.get("question") == "chain":  # one precise question
            return str(result.get("summary"))
        hints = " ".join(str(p) for p in result.get("problems") or [])
        return f"I cannot watch that wallet: {result.get('summary')} {hints}".rstrip()
    return (
        f"I can watch {data['address']} on {data['chain']} as '{data['name']}', read-only: "
        "CoinPilot reads its balances and never signs, sends or trades from it. Nothing is added "
        f"yet: press Watch (or run `{data['command']}`), and the portfolio shows its holdings."
    )
