"""The equipment's secrets under a new key: `python -m api.manage rotate-keys` (domain/common/secrets.py)."""

from __future__ import annotations

import uuid

from domain.common.secrets import RotationStep, SecretCipher
from domain.equipment.entities import SealedSecrets
from domain.equipment.ports import EquipmentUnitOfWork


class EquipmentSecretsRotation:
    label = "equipment secrets"

    async def rotate(
        self, uow: EquipmentUnitOfWork, cipher: SecretCipher, after: uuid.UUID | None, limit: int
    ) -> RotationStep:
        rows = await uow.equipment.sealed_after(after, limit)
        if not rows:
            return RotationStep(last=None)
        seen = rotated = changed = 0
        for row in rows:
            tokens = row.tokens()
            seen += len(tokens)
            stale = {name: token for name, token in tokens.items() if not cipher.is_current(token)}
            if not stale:
                continue
            fresh = SealedSecrets(row.id, **{**tokens, **{name: cipher.rotate(token) for name, token in stale.items()}})
            if await uow.equipment.replace_sealed(row, fresh):
                rotated += len(stale)
            else:
                changed += 1
        return RotationStep(last=rows[-1].id, seen=seen, rotated=rotated, changed=changed)
