"""Strategy specs and their versions, as the journal keeps them.

Recording is idempotent on the spec's content hash, so saving the same spec twice (a retry, a
re-opened session) leaves one row. "Latest" means the highest version of a name, the most recently
recorded one on a tie. Specs are never changed here; a change is a new version.
"""

from __future__ import annotations

from sqlalchemy import select

from assistant.domain import StrategySpec

from . import codec
from .schema import specs
from .store import Store


class SpecRecords(Store):
    def record_spec(self, spec: StrategySpec, source: str | None = None) -> None:
        """Keep ``spec`` (``source``: where it came from, e.g. a file path or "agent")."""
        content_hash = spec.content_hash()
        with self._writing() as conn:
            seen = conn.execute(
                select(specs.c.id).where(specs.c.content_hash == content_hash)
            ).first()
            if seen is not None:
                return
            self._insert(
                conn,
                specs,
                name=spec.name,
                version=spec.version,
                content_hash=content_hash,
                source=source,
                at=codec.now(),
                payload=codec.dump(spec),
            )

    def latest_spec(self, name: str) -> StrategySpec | None:
        query = (
            select(specs.c.payload)
            .where(specs.c.name == name)
            .order_by(specs.c.version.desc(), specs.c.id.desc())
            .limit(1)
        )
        with self._reading() as conn:
            payload = conn.execute(query).scalar_one_or_none()
        if payload is None:
            return None
        return codec.load(StrategySpec, payload, where=self.where, record=f"spec {name!r}")

    def spec_history(self, name: str) -> list[StrategySpec]:
        """Every recorded version of ``name``, oldest first."""
        query = (
            select(specs.c.payload)
            .where(specs.c.name == name)
            .order_by(specs.c.version, specs.c.id)
        )
        with self._reading() as conn:
            rows = conn.execute(query).scalars().all()
        return [
            codec.load(StrategySpec, payload, where=self.where, record=f"spec {name!r}")
            for payload in rows
        ]
