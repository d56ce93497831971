from __future__ import annotations

from tests.conftest import Running


async def test_register_login_and_create_a_sketch_in_each_mode(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    payload = await api.mutate(
        "sketchCreate",
        """mutation($i: SketchCreateInput!) {
            sketchCreate(input: $i) { sketch { title owner { email } } userErrors { code } } }""",
        {"i": {"prompt": "lo-fi", "title": "First"}},
        token,
    )
    assert payload["sketch"]["title"] == "First"
    listed = await api.data("{ sketches { totalCount nodes { title } } }", token=token)
    assert listed["sketches"] == {"totalCount": 1, "nodes": [{"title": "First"}]}
