"""The root schema: the platform's queries and every registered area's part, and the protective extensions."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from api.errors import ErrorPolicy, RateLimit
from api.parts import schema_parts
from api.resolvers.node import NodeQuery


class AiproxySchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        """ErrorPolicy logs what needs logging (server faults, with the request id); nothing twice."""


def build_schema(depth_limit: int = 10, alias_limit: int = 30, token_limit: int = 2000) -> strawberry.Schema:
    parts = schema_parts()
    queries = [NodeQuery, *(p.query for p in parts if p.query)]
    mutations = [p.mutation for p in parts if p.mutation]
    subscriptions = [p.subscription for p in parts if p.subscription]
    return AiproxySchema(
        query=merge_types("Query", tuple(queries)),
        mutation=merge_types("Mutation", tuple(mutations)),
        subscription=merge_types("Subscription", tuple(subscriptions)),
        types=[t for p in parts for t in p.types],
        extensions=[
            lambda: QueryDepthLimiter(max_depth=depth_limit),
            lambda: MaxAliasesLimiter(max_alias_count=alias_limit),
            lambda: MaxTokensLimiter(max_token_count=token_limit),
            RateLimit,
            ErrorPolicy,
        ],
        config=StrawberryConfig(auto_camel_case=True),
    )
