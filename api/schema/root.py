"""The root schema: every area's queries, mutations and subscriptions, and the protective extensions."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from api.errors import ErrorPolicy, RateLimit
from api.resolvers.accounts import AccountMutation, AccountQuery
from api.resolvers.chat import ChatMutation, ChatQuery, ChatSubscription, GenerationMutation
from api.resolvers.data_transfer import DataTransferMutation
from api.resolvers.files import FileMutation
from api.resolvers.jobs import JobMutation, JobQuery, JobSubscription
from api.resolvers.node import NodeQuery
from api.resolvers.prompt_templates import PromptTemplateMutation, PromptTemplateQuery
from api.resolvers.sketches import SketchMutation, SketchQuery
from api.schema.accounts import User
from api.schema.chat import Conversation, Generation, Message
from api.schema.jobs import Job
from api.schema.prompt_templates import PromptTemplate
from api.schema.sketches import Sketch

Query = merge_types("Query", (NodeQuery, AccountQuery, SketchQuery, PromptTemplateQuery, JobQuery, ChatQuery))
Mutation = merge_types(
    "Mutation",
    (
        AccountMutation,
        SketchMutation,
        PromptTemplateMutation,
        JobMutation,
        FileMutation,
        DataTransferMutation,
        ChatMutation,
        GenerationMutation,
    ),
)
Subscription = merge_types("Subscription", (JobSubscription, ChatSubscription))


class AiproxySchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        """ErrorPolicy logs what needs logging (server faults, with the request id); nothing twice."""


def build_schema(depth_limit: int = 10, alias_limit: int = 30, token_limit: int = 2000) -> strawberry.Schema:
    return AiproxySchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[User, Sketch, PromptTemplate, Job, Conversation, Message, Generation],
        extensions=[
            lambda: QueryDepthLimiter(max_depth=depth_limit),
            lambda: MaxAliasesLimiter(max_alias_count=alias_limit),
            lambda: MaxTokensLimiter(max_token_count=token_limit),
            RateLimit,
            ErrorPolicy,
        ],
        config=StrawberryConfig(auto_camel_case=True),
    )
