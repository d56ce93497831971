"""The mock's Starlette app: Ollama, OpenAI and Mureka routes side by side, plus `/files` and `/health`."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from aitestmock.common import RememberRootPath
from aitestmock.config import MockConfig
from aitestmock.mureka import MurekaApi
from aitestmock.ollama import OllamaApi
from aitestmock.openai import OpenAIApi
from aitestmock.state import MockState


async def health(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def root(request: Request) -> Response:
    """Ollama clients probe `GET /` for this exact text to see whether a server is up."""
    return PlainTextResponse("Ollama is running")


def create_app(config: MockConfig | None = None) -> Starlette:
    """A fresh mock with its own jobs and one-shot fault memory; mountable under any path prefix."""
    state = MockState(config or MockConfig())
    openai = OpenAIApi(state)
    openai_routes = openai.routes()
    routes: list[BaseRoute] = [
        Route("/", root, methods=["GET"]),
        Route("/health", health, methods=["GET"]),
        *state.files.routes(),
        *OllamaApi(state).routes(),
        *openai.admin_routes(),
        *MurekaApi(state).routes(),  # before the /v1 mount: Mureka and OpenAI share the /v1 prefix
        Mount("/v1", routes=openai_routes),
        Mount("/api/v1/openai", routes=openai_routes),  # the original mock's OpenAI base URL
    ]
    app = Starlette(routes=routes, middleware=[Middleware(RememberRootPath)])
    app.state.mock = state
    return app
