"""Files: the Upload node (declared, its bytes never sent); uploadCreate."""

from __future__ import annotations

from tests.support import LONG, Api, AreaCases, MutationCases, create_upload, invalid_request, user_errors


async def upload(api: Api, token: str) -> str:
    payload = await create_upload(api, token, {"filename": "export.zip", "sizeBytes": 10, "sha256": "0" * 64})
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload["upload"]["id"]


CASES = AreaCases(
    nodes={"Upload": upload},
    mutations=[
        MutationCases(
            "uploadCreate",
            "UploadCreateInput!",
            "upload { id }",
            lambda o: [
                *user_errors(
                    {"filename": "", "sizeBytes": 0, "sha256": ""},
                    {"filename": "a.zip", "sizeBytes": -5, "sha256": "zz", "contentType": None},
                    {"filename": "a.zip", "sizeBytes": 2**31 - 1, "sha256": "a" * 64},
                    {"filename": LONG, "sizeBytes": 1, "sha256": "A" * 63},
                    {"filename": "a.zip", "sizeBytes": 2**40, "sha256": "a" * 64},  # a BigInt: too large a file
                ),
                *invalid_request(
                    {"filename": "a.zip", "sizeBytes": 2**64, "sha256": "a" * 64},  # not 64-bit
                    {"filename": "a.zip", "sizeBytes": "1e3", "sha256": "a" * 64},
                ),
            ],
        ),
    ],
)
