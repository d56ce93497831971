"""A faster executor for the fields most of a response is made of: plain attributes holding leaves.

graphql-core runs every field through the same machinery — resolve info, argument coercion, awaitable
checks, value completion — which costs about 10 µs a field: a page of 50 sketches with 12 fields each is
600 fields, most of the request. A field that Strawberry resolves by reading an attribute (no resolver,
no arguments, no permission or extension wrapped around it) and whose type is a scalar or enum, or a list
of them, needs none of that: read the attribute and serialize it with the type's own serializer.

Anything else — resolvers, objects, nulls (which may be errors), values a serializer refuses, a schema
with field middleware — goes the standard way, so results and errors are exactly graphql-core's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
)
from graphql.execution.collect_fields import GroupedFieldSet
from graphql.pyutils import AwaitableOrValue, Path, Undefined, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter

# A field's plan: (read the attribute, serialize one leaf, is it a list of leaves). None: not a plain field.
# Kept on the field object itself (made once per schema), so rebuilt schemas never share a stale plan.
Plan = tuple[Callable[[Any], Any], Callable[[Any], Any], bool]
_NOT_PLANNED = object()


def _leaf(of: GraphQLOutputType) -> GraphQLScalarType | GraphQLEnumType | None:
    of = of.of_type if isinstance(of, GraphQLNonNull) else of
    return of if isinstance(of, GraphQLScalarType | GraphQLEnumType) else None


def _plan(field_def: GraphQLField) -> Plan | None:
    if field_def.args or not getattr(field_def.resolve, "_is_default", False):
        return None
    definition = field_def.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
    name = getattr(definition, "python_name", None)
    resolver = getattr(definition, "default_resolver", None)
    if not isinstance(name, str) or resolver is None:
        return None
    of = field_def.type.of_type if isinstance(field_def.type, GraphQLNonNull) else field_def.type
    is_list = isinstance(of, GraphQLList)
    leaf = _leaf(of.of_type if isinstance(of, GraphQLList) else of)
    if leaf is None:
        return None
    return (lambda source: resolver(source, name)), leaf.coerce_output_value, is_list


class LeafFastPathExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Field middleware (a schema extension with a `resolve` hook) must see every field: no fast path then.
        manager = self.middleware_manager
        self.fast_path = manager is None or not manager.middlewares

    def _plan_of(self, parent_type: GraphQLObjectType, node: Any) -> Plan | None:
        if not self.fast_path or node.arguments:
            return None
        field_def = parent_type.fields.get(node.name.value)
        if field_def is None:
            return None
        known: Any = getattr(field_def, "aiproxy_plan", _NOT_PLANNED)
        if known is _NOT_PLANNED:
            known = _plan(field_def)
            field_def.aiproxy_plan = known  # graphql-core objects take attributes
        plan: Plan | None = known
        return plan

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        """graphql-core's execute_fields, with plain leaf fields read and serialized in place: no Path, no
        resolve info, no completion machinery for them. The rest is the original, line for line."""
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        awaitable_fields: list[str] = []
        try:
            for response_name, field_details_list in grouped_field_set.items():
                plan = self._plan_of(parent_type, field_details_list[0].node)
                if plan is not None:
                    completed = _fast(plan, source_value)
                    if completed is not _FALL_BACK:
                        results[response_name] = completed
                        continue
                result = self.execute_field(
                    parent_type,
                    source_value,
                    field_details_list,
                    Path(path, response_name, parent_type.name),
                    position_context,
                )
                if result is not Undefined:
                    results[response_name] = result
                    if is_awaitable(result):
                        awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[field] for field in awaitable_fields])
            raise
        if not awaitable_fields:
            return results

        async def get_results() -> dict[str, Any]:
            if len(awaitable_fields) == 1:
                field = awaitable_fields[0]
                results[field] = await results[field]
            else:
                awaited = await gather_with_cancel(*(results[field] for field in awaitable_fields))
                results.update(zip(awaitable_fields, awaited, strict=True))
            return results

        return get_results()


_FALL_BACK = object()


def _fast(plan: Plan, source: Any) -> Any:
    """The completed value of a plain field, or _FALL_BACK when the standard path must decide (a null, which
    may be an error; a value the serializer refuses)."""
    read, serialize, is_list = plan
    try:
        value = read(source)
        if value is None:
            return _FALL_BACK
        if is_list:
            items = [serialize(item) for item in value]
            return _FALL_BACK if None in items or Undefined in items else items
        completed = serialize(value)
        return _FALL_BACK if completed is None or completed is Undefined else completed
    except Exception:  # the standard path reports it as graphql-core would
        return _FALL_BACK
