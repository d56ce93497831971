from __future__ import annotations

from domain.equipment.archive import EquipmentArchive
from domain.equipment.ports import EquipmentRepository
from domain.equipment.rotation import EquipmentSecretsRotation
from domain.equipment.service import EquipmentService
from infra.areas.base import Area
from infra.db import equipment as db
from infra.db.uow import Implements

AREA = Area(
    name="equipment",
    map_entities=db.map_entities,
    repositories={"equipment": Implements[EquipmentRepository](db.SqlEquipmentRepository)},
    services={EquipmentService: lambda s: EquipmentService(s.uow.equipment, s.container.cipher)},
    archive_sections=(EquipmentArchive(),),
    encrypted_values=(EquipmentSecretsRotation(),),
)
