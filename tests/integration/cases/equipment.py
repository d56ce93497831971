"""Equipment: the Equipment node; equipmentCreate, equipmentUpdate, equipmentDelete, equipmentDuplicate; the
equipment list. The builders the area's tests share live here too."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.support import ERRORS, LONG, Api, AreaCases, ListCase, MutationCases, invalid_request, user_errors

EQUIPMENT_FIELDS = """id type name version description softwareTags pluginTags manufacturer url username
    licenseManagement licenseDescription purchaseDate systemRequirements status hasPassword hasLicenseKey hasPrice
    createdAt updatedAt"""
SECRETS = "secrets { password licenseKey price }"
CREATE = f"""mutation($i: EquipmentCreateInput!) {{ equipmentCreate(input: $i) {{
    equipment {{ {EQUIPMENT_FIELDS} }} {ERRORS} }} }}"""


async def create_equipment(api: Api, token: str, **fields: Any) -> dict[str, Any]:
    """equipmentCreate with `fields` (type SOFTWARE and a name unless given), which must succeed: the item."""
    values = {"type": "SOFTWARE", "name": "Ableton Live", **fields}
    return (await api.mutate("equipmentCreate", CREATE, {"i": values}, token))["equipment"]


async def equipment(api: Api, token: str) -> str:
    item = await create_equipment(api, token, name="Serum", type="PLUGIN", password="hunter2", price="189 USD")
    return str(item["id"])


async def seed_equipment(api: Api, token: str, n: int) -> None:
    await asyncio.gather(*(create_equipment(api, token, name=f"Synth {i}", password=f"pw {i}") for i in range(n)))


def check_equipment(data: Any, n: int) -> None:
    nodes = data["equipment"]["nodes"]
    assert len(nodes) == n
    assert all(item["hasPassword"] for item in nodes)


def _new(**fields: Any) -> dict[str, Any]:
    return {"type": "SOFTWARE", "name": "Pro Tools", **fields}


CASES = AreaCases(
    nodes={"Equipment": equipment},
    mutations=[
        MutationCases(
            "equipmentCreate",
            "EquipmentCreateInput!",
            "equipment { id }",
            lambda o: [
                *user_errors(
                    _new(name="   "),
                    _new(name=LONG),
                    _new(version="v" * 101, manufacturer="m" * 201, username="u" * 201),
                    _new(description=LONG),
                    _new(url="javascript:alert(1)"),
                    _new(url="u" * 501),
                    _new(softwareTags=[f"a long tag {i}" for i in range(100)]),  # 1000+ characters joined
                    _new(licenseManagement="LICENSE_KEY"),
                    _new(licenseManagement="LICENSE_KEY", licenseKey="   "),
                    _new(licenseManagement="OTHER", licenseDescription=" "),
                    _new(password="p" * 501),
                    _new(licenseKey="k" * 5001),
                    _new(price="1" * 101),
                ),
                *invalid_request(
                    {"name": "no type"},
                    {"type": "HARDWARE", "name": "x"},
                    {"type": "SOFTWARE", "name": None},
                    _new(status="BROKEN"),
                    _new(licenseManagement="DONGLE"),
                    _new(purchaseDate="2024-13-01"),
                    _new(softwareTags=[f"tag {i}" for i in range(101)]),  # over the list bound
                ),
            ],
        ),
        MutationCases(
            "equipmentUpdate",
            "EquipmentUpdateInput!",
            "equipment { id }",
            lambda o: [
                *o.ids("id", "Equipment", name="x"),
                *user_errors(
                    {"id": o.mine["Equipment"], "name": None},
                    {"id": o.mine["Equipment"], "name": " "},
                    {"id": o.mine["Equipment"], "status": None},
                    {"id": o.mine["Equipment"], "licenseManagement": "LICENSE_KEY"},
                    {"id": o.mine["Equipment"], "licenseManagement": "OTHER", "licenseDescription": None},
                    {"id": o.mine["Equipment"], "price": LONG},
                    {"id": o.mine["Equipment"], "url": "ftp://example.com"},
                ),
                *invalid_request({"id": o.mine["Equipment"], "type": "PLUGIN"}),  # the type is set once
            ],
        ),
        MutationCases("equipmentDelete", "EquipmentIdInput!", "deletedEquipmentId", lambda o: o.ids("id", "Equipment")),
        MutationCases(
            "equipmentDuplicate",
            "EquipmentDuplicateInput!",
            "equipment { id }",
            lambda o: [
                *o.ids("id", "Equipment"),
                *user_errors({"id": o.mine["Equipment"], "name": "  "}, {"id": o.mine["Equipment"], "name": LONG}),
            ],
        ),
    ],
    lists=[
        ListCase(
            "equipment",
            "query($n: Int!) { equipment(first: $n) { nodes { name hasPassword } } }",
            seed_equipment,
            check_equipment,
            sizes=(1, 20),
        ),
    ],
)
