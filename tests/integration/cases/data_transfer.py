"""Export and import: no Node type of its own (its results are a Job's); dataExportCreate, dataImportCreate."""

from __future__ import annotations

from tests.support import AreaCases, BadInput, Expect, MutationCases, user_errors

CASES = AreaCases(
    mutations=[
        MutationCases(
            "dataImportCreate",
            "DataImportCreateInput!",
            "job { id }",
            # The caller's own upload, whose bytes never came; then every id that is no upload of theirs.
            lambda o: [*user_errors({"uploadId": o.mine["Upload"]}), *o.ids("uploadId", "Upload")],
        ),
        MutationCases("dataExportCreate", None, "job { id }", lambda o: [BadInput(None, Expect.SUCCEEDS)]),
    ],
)
