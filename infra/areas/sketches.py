from __future__ import annotations

from domain.sketches.archive import SketchesArchive
from domain.sketches.ports import SketchRepository
from domain.sketches.service import SketchService
from infra.areas.base import Area
from infra.db import sketches as db
from infra.db.uow import Implements

AREA = Area(
    name="sketches",
    map_entities=db.map_entities,
    repositories={"sketches": Implements[SketchRepository](db.SqlSketchRepository)},
    services={SketchService: lambda s: SketchService(s.uow.sketches)},
    archive_sections=(SketchesArchive(),),
)
