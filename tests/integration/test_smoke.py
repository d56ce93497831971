from __future__ import annotations

from tests.conftest import Running
from tests.support import create_sketch


async def test_register_login_and_create_a_sketch_in_each_mode(stack: Running) -> None:
    api = stack.api
    token = await api.user()
    sketch = await create_sketch(api, token, prompt="lo-fi", title="First")
    assert sketch["title"] == "First" and sketch["owner"]["email"]
    listed = await api.data("{ sketches { totalCount nodes { title } } }", token=token)
    assert listed["sketches"] == {"totalCount": 1, "nodes": [{"title": "First"}]}
