"""The root schema: the platform's queries and every registered area's part, and the protective extensions."""

from __future__ import annotations

import functools
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from api.access import AccessLogFields
from api.errors import ErrorPolicy
from api.execution import LeafFastPathExecutionContext
from api.limits import LIMITS_DESCRIPTION, Limits, document_limits
from api.parts import schema_parts
from api.resolvers.node import NodeQuery
from api.schema.common import SCALARS


class AiproxySchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        """ErrorPolicy logs what needs logging (server faults, with the request id); nothing twice."""


@functools.lru_cache(maxsize=4)
def build_schema(limits: Limits = Limits()) -> strawberry.Schema:
    """Built once per process and set of limits (~0.4 s): the schema holds no state of an app, and the
    extensions are made fresh for each request."""
    parts = schema_parts()
    queries = [NodeQuery, *(p.query for p in parts if p.query)]
    mutations = [p.mutation for p in parts if p.mutation]
    subscriptions = [p.subscription for p in parts if p.subscription]
    query = merge_types("Query", tuple(queries))
    query.__strawberry_definition__.description = LIMITS_DESCRIPTION  # type: ignore[attr-defined]  # set by @strawberry.type at runtime
    return AiproxySchema(
        query=query,
        mutation=merge_types("Mutation", tuple(mutations)),
        subscription=merge_types("Subscription", tuple(subscriptions)),
        types=[t for p in parts for t in p.types],
        extensions=[
            document_limits(limits),
            ErrorPolicy,
            AccessLogFields,
        ],
        config=StrawberryConfig(auto_camel_case=True, scalar_map=SCALARS),
        execution_context_class=LeafFastPathExecutionContext,
    )
