"""The passphrases export and import jobs hold while they wait (data_transfer/service.py), under a new key: part
of `python -m api.manage rotate-keys` (domain/common/secrets.py)."""

from __future__ import annotations

import uuid

from domain.common.secrets import RotationStep, SecretCipher
from domain.data_transfer.service import DATA_EXPORT, DATA_IMPORT, PASSPHRASE
from domain.jobs.ports import JobsUnitOfWork


class JobPassphrasesRotation:
    label = "passphrases of waiting exports and imports"

    async def rotate(
        self, uow: JobsUnitOfWork, cipher: SecretCipher, after: uuid.UUID | None, limit: int
    ) -> RotationStep:
        rows = await uow.jobs.payload_values_after((DATA_EXPORT.kind, DATA_IMPORT.kind), PASSPHRASE, after, limit)
        if not rows:
            return RotationStep(last=None)
        seen = rotated = changed = 0
        for job_id, user_id, token in rows:
            if not isinstance(token, str):
                continue
            seen += 1
            if cipher.is_current(token):
                continue
            job = await uow.jobs.get_locked(user_id, job_id)  # the job may take its passphrase meanwhile
            if job is None or job.payload.get(PASSPHRASE) != token:
                changed += 1
                continue
            job.payload = {**job.payload, PASSPHRASE: cipher.rotate(token)}
            rotated += 1
        return RotationStep(last=rows[-1][0], seen=seen, rotated=rotated, changed=changed)
