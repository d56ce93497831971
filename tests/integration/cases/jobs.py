"""Jobs: the Job node (an export's, as any job); jobCancel."""

from __future__ import annotations

from tests.support import Api, AreaCases, MutationCases, start_export


async def job(api: Api, token: str) -> str:
    return (await start_export(api, token, select="id"))["id"]


CASES = AreaCases(
    nodes={"Job": job},
    mutations=[MutationCases("jobCancel", "JobIdInput!", "job { id }", lambda o: o.ids("id", "Job"))],
)
