"""Export and import: no Node type of its own (its results are a Job's); dataExportCreate, dataImportCreate."""

from __future__ import annotations

from tests.support import AreaCases, BadInput, Expect, MutationCases, invalid_request, user_errors

CASES = AreaCases(
    mutations=[
        MutationCases(
            "dataImportCreate",
            "DataImportCreateInput!",
            "job { id }",
            # The caller's own upload, whose bytes never came; then every id that is no upload of theirs.
            lambda o: [*user_errors({"uploadId": o.mine["Upload"]}), *o.ids("uploadId", "Upload")],
        ),
        MutationCases(
            "dataExportCreate",
            "DataExportCreateInput",
            "job { id }",
            lambda o: [
                # Optional, and so is each of its fields: there is nothing to get wrong but the types.
                BadInput(None, Expect.SUCCEEDS),
                BadInput({}, Expect.SUCCEEDS),
                BadInput({"includeSketches": False, "includePromptTemplates": False}, Expect.SUCCEEDS),
                *invalid_request({"includeSketches": None}, {"includeSketches": "no"}, {"includeEverything": True}),
            ],
        ),
    ],
)
