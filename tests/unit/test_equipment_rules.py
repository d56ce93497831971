"""Equipment rules without I/O: the service over an in-memory repository, the cipher and its keys, key rotation
(with rows that change while it works), the archive's passphrase keys and the archive section's checks."""

from __future__ import annotations

import stat
import uuid
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet

from domain.common.errors import DomainError, ErrorCode
from domain.common.patch import UNSET
from domain.common.secrets import SecretUnreadable, rotate_everything
from domain.data_transfer.sections import ArchiveError, WrongPassphrase
from domain.equipment.archive import EquipmentArchive, equipment_item
from domain.equipment.entities import Equipment, EquipmentStatus, EquipmentType, LicenseManagement, SealedSecrets
from domain.equipment.rotation import EquipmentSecretsRotation
from domain.equipment.service import EquipmentFields, EquipmentService
from infra.security.archive_keys import ScryptArchiveKeys
from infra.security.encryption import FernetCipher, generate_key, load_keys, read_keys
from tests.unit.fakes import FakeUnitOfWork, MemoryOwnedRepository

USER = uuid.uuid4()


class MemoryEquipment(MemoryOwnedRepository[Equipment]):
    """The parts of the EquipmentRepository port the use cases and the rotation call."""

    def __init__(self) -> None:
        super().__init__()
        self.writes_meanwhile: list[tuple[uuid.UUID, str]] = []  # (item, new password) written before a CAS

    async def sealed_after(self, after: uuid.UUID | None, limit: int) -> list[SealedSecrets]:
        rows = sorted((r for r in self.rows.values() if r.sealed().tokens()), key=lambda r: r.id)
        return [r.sealed() for r in rows if after is None or r.id > after][:limit]

    async def replace_sealed(self, was: SealedSecrets, now: SealedSecrets) -> bool:
        if self.writes_meanwhile:  # a user saved the item while the batch worked
            item_id, token = self.writes_meanwhile.pop(0)
            self.rows[item_id].password_encrypted = token
        row = self.rows[was.id]
        if row.sealed() != was:
            return False
        row.password_encrypted, row.license_key_encrypted, row.price_encrypted = (
            now.password,
            now.license_key,
            now.price,
        )
        return True


def service(cipher: FernetCipher | None = None) -> tuple[EquipmentService, MemoryEquipment]:
    repository = MemoryEquipment()
    return EquipmentService(repository, cipher or FernetCipher([generate_key()])), repository


def field_codes(error: DomainError) -> list[tuple[tuple[str, ...] | None, ErrorCode]]:
    return sorted(((e.field, e.code) for e in error.errors), key=str)


# --- the service ---------------------------------------------------------------------------------------------


async def test_secrets_are_stored_as_tokens_and_read_back_one_item_at_a_time() -> None:
    equipment, rows = service()
    item = await equipment.create(
        USER,
        EquipmentFields(
            type=EquipmentType.PLUGIN,
            name=" Serum ",
            password="  spaced  ",
            license_key="  K-1  ",
            price=" 189 USD ",
            license_management=LicenseManagement.LICENSE_KEY,
        ),
    )
    stored = rows.rows[item.id]
    assert stored.name == "Serum" and stored.status is EquipmentStatus.ACTIVE
    assert "spaced" not in str(stored.__dict__) and "K-1" not in str(stored.__dict__)
    secrets = await equipment.secrets(USER, item.id)
    assert secrets is not None and (secrets.password, secrets.license_key, secrets.price) == (
        "  spaced  ",
        "K-1",
        "189 USD",
    )
    assert await equipment.secrets(uuid.uuid4(), item.id) is None  # another user's: nothing

    changed = await equipment.update(USER, item.id, EquipmentFields(password=None, price=""))
    assert (changed.password_encrypted, changed.price_encrypted) == (None, None)
    assert changed.license_key_encrypted == stored.license_key_encrypted  # left out: stays
    with pytest.raises(ValueError, match="set once"):
        await equipment.update(USER, item.id, EquipmentFields(type=EquipmentType.SOFTWARE))


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (EquipmentFields(license_management=LicenseManagement.LICENSE_KEY), [(("license_key",), ErrorCode.REQUIRED)]),
        (
            EquipmentFields(license_management=LicenseManagement.OTHER, license_description="  "),
            [(("license_description",), ErrorCode.REQUIRED)],
        ),
        (EquipmentFields(url="javascript:alert(1)"), [(("url",), ErrorCode.INVALID)]),
        (EquipmentFields(url="mailto:me@example.com"), [(("url",), ErrorCode.INVALID)]),
        (
            EquipmentFields(name="x" * 201, password="p" * 501),
            [(("name",), ErrorCode.TOO_LONG), (("password",), ErrorCode.TOO_LONG)],
        ),
        (
            EquipmentFields(software_tags=[f"tag number {i}" for i in range(80)]),
            [(("software_tags",), ErrorCode.TOO_LONG)],
        ),
        (EquipmentFields(status=None, name="ok"), []),  # null status on create: the default
    ],
)
async def test_create_rules(fields: EquipmentFields, expected: list[Any]) -> None:
    equipment, rows = service()
    values = {"type": EquipmentType.SOFTWARE, "name": "Live"} | {
        k: v for k, v in fields.__dict__.items() if v is not UNSET
    }
    if expected:
        with pytest.raises(DomainError) as refused:
            await equipment.create(USER, EquipmentFields(**values))
        assert field_codes(refused.value) == sorted(expected, key=str)
        assert rows.rows == {}
    else:
        assert (await equipment.create(USER, EquipmentFields(**values))).status is EquipmentStatus.ACTIVE


async def test_urls_without_a_scheme_become_https() -> None:
    equipment, _ = service()
    for given, kept in (("example.com/x", "https://example.com/x"), ("HTTP://Example.com", "HTTP://Example.com")):
        item = await equipment.create(USER, EquipmentFields(type=EquipmentType.SOFTWARE, name="n", url=given))
        assert item.url == kept


async def test_the_licence_rules_see_the_item_as_it_will_be() -> None:
    equipment, _ = service()
    online = await equipment.create(
        USER,
        EquipmentFields(
            type=EquipmentType.SOFTWARE, name="n", license_management=LicenseManagement.ONLINE, license_key="K"
        ),
    )
    keyed = await equipment.update(USER, online.id, EquipmentFields(license_management=LicenseManagement.LICENSE_KEY))
    assert keyed.license_management is LicenseManagement.LICENSE_KEY  # the stored key counts
    with pytest.raises(DomainError) as refused:
        await equipment.update(USER, online.id, EquipmentFields(license_key=None))
    assert field_codes(refused.value) == [(("license_key",), ErrorCode.REQUIRED)]
    await equipment.update(USER, online.id, EquipmentFields(license_key=None, license_management=None))


async def test_duplicate_copies_what_the_original_copied() -> None:
    equipment, _ = service()
    source = await equipment.create(
        USER,
        EquipmentFields(
            type=EquipmentType.PLUGIN,
            name="n" * 200,
            version="1",
            software_tags=["a"],
            plugin_tags=["b"],
            manufacturer="m",
            url="https://m.example",
            username="u",
            password="p",
            license_management=LicenseManagement.LICENSE_KEY,
            license_key="k",
            price="1 EUR",
            status=EquipmentStatus.EXPIRED,
        ),
    )
    copy = await equipment.duplicate(USER, source.id)
    assert copy.id != source.id and copy.name == "n" * 200 and copy.status is EquipmentStatus.ACTIVE
    assert (copy.type, copy.software_tags, copy.plugin_tags, copy.manufacturer, copy.url, copy.username) == (
        source.type,
        ["a"],
        ["b"],
        "m",
        "https://m.example",
        "u",
    )
    assert copy.software_tags is not source.software_tags
    assert copy.password_encrypted == source.password_encrypted
    assert (copy.version, copy.license_management, copy.license_key_encrypted, copy.price_encrypted) == (None,) * 4
    with pytest.raises(DomainError):
        await equipment.duplicate(uuid.uuid4(), source.id)


# --- the cipher and its keys ------------------------------------------------------------------------------------


def test_the_cipher_encrypts_with_the_newest_key_and_reads_with_any() -> None:
    old, new = generate_key(), generate_key()
    before = FernetCipher([old]).encrypt("secret")
    both = FernetCipher([new, old])
    assert both.decrypt(before) == "secret" and not both.is_current(before)
    rotated = both.rotate(before)
    assert both.is_current(rotated) and FernetCipher([new]).decrypt(rotated) == "secret"
    with pytest.raises(SecretUnreadable):
        FernetCipher([new]).decrypt(before)
    with pytest.raises(SecretUnreadable):
        FernetCipher([new]).rotate("not a token")
    with pytest.raises(ValueError):
        FernetCipher([])


def test_keys_come_from_the_setting_or_a_generated_file(tmp_path: Path) -> None:
    configured = (generate_key(),)
    assert load_keys(configured, tmp_path) == configured
    assert not (tmp_path / "encryption_keys").exists()

    (key,) = load_keys((), tmp_path)
    path = tmp_path / "encryption_keys"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_keys((), tmp_path) == (key,)  # read again, not made anew
    Fernet(key.encode())

    newer = generate_key()
    path.write_text(f"# rotated on the 3rd\n{newer}\n\n{key}  # the first one\n")
    assert load_keys((), tmp_path) == (newer, key)
    assert read_keys(f"{newer}, {key}") == (newer, key)
    path.write_text("not-a-key\n")
    with pytest.raises(ValueError, match="not 32 bytes"):
        load_keys((), tmp_path)


# --- rotation ----------------------------------------------------------------------------------------------------


def units(repository: MemoryEquipment) -> Any:
    uow = FakeUnitOfWork(equipment=repository)

    def make() -> AbstractAsyncContextManager[Any]:
        return uow

    return make, uow


async def test_rotation_re_encrypts_every_token_and_leaves_rows_written_meanwhile() -> None:
    old, new = generate_key(), generate_key()
    equipment, rows = service(FernetCipher([old]))
    items = [
        await equipment.create(
            USER, EquipmentFields(type=EquipmentType.SOFTWARE, name=f"n{i}", password=f"p{i}", price="1")
        )
        for i in range(7)
    ]
    await equipment.create(USER, EquipmentFields(type=EquipmentType.SOFTWARE, name="plain"))
    cipher = FernetCipher([new, old])
    # While the first batch works, a user saves item 0 with a new password (under the new key, as the server now
    # encrypts): that row is left as written, and the next pass finds nothing left to do.
    rows.writes_meanwhile.append((min(items, key=lambda i: i.id).id, cipher.encrypt("fresh")))
    make, uow = units(rows)
    (report,) = await rotate_everything(make, [EquipmentSecretsRotation()], cipher, batch=3)
    assert report.label == "equipment secrets" and report.tokens == 14
    assert report.rotated == 13  # the password written meanwhile was never rotated: it was written current
    assert uow.commits >= 4
    only_new = FernetCipher([new])
    for item in items:
        row = rows.rows[item.id]
        assert only_new.decrypt(row.price_encrypted or "") == "1"
        assert only_new.decrypt(row.password_encrypted or "") in ("fresh", item.name.replace("n", "p"))

    (again,) = await rotate_everything(make, [EquipmentSecretsRotation()], cipher)
    assert (again.rotated, again.tokens) == (0, 14)


async def test_rotation_stops_when_rows_keep_changing() -> None:
    old, new = generate_key(), generate_key()
    equipment, rows = service(FernetCipher([old]))
    item = await equipment.create(USER, EquipmentFields(type=EquipmentType.SOFTWARE, name="n", password="p"))
    rows.writes_meanwhile.extend((item.id, FernetCipher([old]).encrypt(f"p{i}")) for i in range(10))
    make, _ = units(rows)
    with pytest.raises(RuntimeError, match="kept changing"):
        await rotate_everything(make, [EquipmentSecretsRotation()], FernetCipher([new, old]))


# --- the archive's passphrase keys ---------------------------------------------------------------------------


def test_archive_keys_open_only_with_the_passphrase() -> None:
    server = FernetCipher([generate_key()])
    keys = ScryptArchiveKeys(server)
    entry, out = keys.for_export("a good passphrase")
    assert set(entry) == {"kdf", "n", "r", "p", "salt", "check"}
    sealed = out.to_archive(server.encrypt("K-1"))
    assert "K-1" not in sealed
    back = keys.for_import("a good passphrase", entry).from_archive(sealed)
    assert server.decrypt(back) == "K-1"
    with pytest.raises(WrongPassphrase):
        keys.for_import("a good passphrasE", entry)
    other, _ = keys.for_export("a good passphrase")
    assert other["salt"] != entry["salt"]  # a fresh salt per export
    with pytest.raises(ArchiveError, match="do not open"):
        keys.for_import("a good passphrase", other).from_archive(sealed)  # same passphrase, another archive's key


@pytest.mark.parametrize(
    "change",
    [
        {"n": 2**20},  # 1 GiB of memory: refused before any work
        {"n": 2**15 + 1},
        {"n": True},
        {"r": 64},
        {"p": 4},
        {"kdf": "pbkdf2"},
        {"salt": "***"},
        {"salt": "c2hvcnQ="},  # 5 bytes
        {"check": 5},
        {"extra": 1},
    ],
)
def test_archive_keys_refuse_entries_they_do_not_write(change: dict[str, Any]) -> None:
    keys = ScryptArchiveKeys(FernetCipher([generate_key()]))
    entry, _ = keys.for_export("a good passphrase")
    with pytest.raises(ArchiveError, match="secrets entry") as refused:
        keys.for_import("a good passphrase", entry | change)
    assert not isinstance(refused.value, WrongPassphrase)
    with pytest.raises(ArchiveError, match="secrets entry"):
        keys.for_import("a good passphrase", ["not", "an", "object"])


# --- the archive section -------------------------------------------------------------------------------------


def item(**changes: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    entity = Equipment(user_id=USER, type=EquipmentType.PLUGIN, name="Serum", created_at=now, updated_at=now)
    return equipment_item(entity, None) | changes


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"type": "HARDWARE"}, "type must be one of"),
        ({"name": "  "}, "Name is required"),
        ({"name": 5}, "name must be text"),
        ({"url": "javascript:x"}, "http or https"),
        ({"purchase_date": "2024-02-30"}, "a date"),
        ({"license_management": "LICENSE_KEY"}, "license key is required"),
        ({"license_management": "OTHER"}, "license description is required"),
        ({"secrets": {"pin": "x"}}, "secrets must map"),
        ({"secrets": {"password": ""}}, "secrets must map"),
        ({"secrets": {"password": "x" * 20_001}}, "secrets must map"),
        ({"secrets_left_out": ["pin"]}, "secrets_left_out must list"),
        ({"password": "plain"}, "unknown field 'password'"),
    ],
)
def test_the_section_refuses_items_by_the_api_rules(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ArchiveError, match=message) as refused:
        EquipmentArchive().check(item(**changes), 3, 1)
    assert str(refused.value).startswith("Equipment 3: ")


def test_a_license_key_left_out_of_the_archive_still_counts() -> None:
    checked = EquipmentArchive().check(item(license_management="LICENSE_KEY", secrets_left_out=["license_key"]), 1, 1)
    assert checked["left_out"] == ("license_key",) and checked["sealed"] == {}
    sealed = EquipmentArchive().check(item(license_management="LICENSE_KEY", secrets={"license_key": "t"}), 1, 1)
    assert sealed["sealed"] == {"license_key": "t"}
    assert EquipmentArchive().secrets_left_out(item(secrets_left_out=["password"]))
    assert not EquipmentArchive().secrets_left_out(item())
