"""What one GraphQL document may ask for, checked before anything runs and in time linear in the document.

Parsing is bounded by graphql-core itself (tokens, comments, characters, nesting). Then one pass over the
parsed document, which visits every definition once and summarises each fragment once (so a fragment
spread a billion times over is still read once), refuses:

- lists longer than `MAX_LIST_ITEMS` in any argument or input field, whether written in the document or
  sent as variables (one check driven by the declared types, not per field);
- control characters in any string argument or input field, literal or variable: NUL and the rest of C0 but
  tab, newline and carriage return (the same walk), so no database ever sees them and both answer alike;
- more than `MAX_FRAGMENT_SPREADS` fragment spreads, and fragments that spread themselves;
- a field (or alias) selected more than `MAX_REPEATED_SELECTIONS` times in one selection set, fragments
  included (the spec's field-merging rule compares those pairwise);
- operations deeper than the depth limit, with more aliases than the alias limit, or costing more than
  the cost limit (see `COST_RULE`).

What passes is validated by the spec's rules; the result is cached per document text, and a long document
is validated in a worker thread, so no request holds the event loop while it is checked.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import re
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import strawberry
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    Node,
    ObjectValueNode,
    OperationDefinitionNode,
    OperationType,
    SchemaMetaFieldDef,
    SelectionSetNode,
    StringValueNode,
    TypeMetaFieldDef,
    TypeNameMetaFieldDef,
    ValueNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_list_type,
    parse,
    type_from_ast,
)
from graphql.utilities import get_operation_ast
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document
from strawberry.schema_directive import Location

from domain.common.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from infra.settings import Settings

MAX_LIST_ITEMS = 100
"""Most items in any list argument or list input field (ids, tags, statuses …), literal or variable."""

MAX_FRAGMENT_SPREADS = 50
"""Most `...Fragment` spreads in one document."""

MAX_REPEATED_SELECTIONS = 50
"""Most times one response name may be selected in one selection set, counting what fragments bring in."""

CHARS_PER_TOKEN = 16
"""A document may be at most this many characters per allowed token long (32 000 for 2000 tokens)."""

SEARCH_COST_FACTOR = 10
"""A connection whose `filter` has a non-empty `search` reads its page this many times over."""

COST_RULE = (
    "Query cost: every field costs 1, a connection costs its page size (`first`/`last`, 20 when absent, "
    f"at most {MAX_PAGE_SIZE}) and {SEARCH_COST_FACTOR} times that when its `filter` has a non-empty "
    "`search`; fields inside a connection's `edges`/`nodes` (or `nodes(ids:)`) count once per item, so "
    "nested connections multiply."
)

LIMITS_DESCRIPTION = (
    "The root of every query. Each request is checked before anything runs; by default (a server's "
    "settings may differ) a document has at most 2000 tokens, depth 10, 30 aliases and "
    f"{MAX_FRAGMENT_SPREADS} fragment spreads, any list argument or list input field at most "
    f"{MAX_LIST_ITEMS} items, no string holds a control character but tab, newline and carriage return, "
    f"and an operation costs at most 10000. {COST_RULE} "
    "A request over a limit gets one BAD_USER_INPUT error naming the limit; too many requests get RATE_LIMITED."
)

# A long document is validated in this pool (the spec's rules are pure Python and, for some shapes,
# quadratic); short ones inline, where a thread hop would cost more than the check.
_VALIDATE_INLINE_BELOW_CHARS = 2000
_validation_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="graphql-validate")


class Refused(Exception):
    """The document asks for more than the limits allow; reported as one BAD_USER_INPUT error."""

    def __init__(self, message: str, node: Node | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.node = node

    def as_error(self) -> GraphQLError:
        return GraphQLError(self.message, nodes=[self.node] if self.node is not None else None)


@dataclass(frozen=True)
class Limits:
    depth: int = 10
    aliases: int = 30
    tokens: int = 2000
    cost: int = 10_000

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            depth=settings.query_depth_limit,
            aliases=settings.query_alias_limit,
            tokens=settings.query_token_limit,
            cost=settings.query_cost_limit,
        )

    def parse_options(self) -> dict[str, int]:
        return {
            "max_lexical_tokens": self.tokens,
            "max_comments": self.tokens,
            "max_source_length": self.tokens * CHARS_PER_TOKEN,
        }


# --------------------------------------------------------------------------- input values: lists and strings

# C0 control characters but tab, newline and carriage return: no text needs them, and PostgreSQL cannot store NUL.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


@strawberry.schema_directive(
    locations=[Location.INPUT_FIELD_DEFINITION],
    name="maxItems",
    description=f"This list input field takes up to `count` items instead of the usual {MAX_LIST_ITEMS}.",
)
class MaxItems:
    """An input field whose list may be longer than MAX_LIST_ITEMS (a mirror plan's files): `directives=[…]` on
    the field, shown in the SDL."""

    count: int


def _items_max(input_field: GraphQLInputField) -> int:
    """The most items the input field's list takes: its MaxItems, or MAX_LIST_ITEMS."""
    definition = (input_field.extensions or {}).get("strawberry-definition")
    for directive in getattr(definition, "directives", None) or ():
        if isinstance(directive, MaxItems):
            return directive.count
    return MAX_LIST_ITEMS


def _too_long(where: str, count: int, node: Node | None, limit: int = MAX_LIST_ITEMS) -> Refused:
    return Refused(f"`{where}` has {count} items; at most {limit} are accepted.", node)


def check_text(text: str, where: str, node: Node | None) -> None:
    found = _CONTROL.search(text)
    if found is not None:
        raise Refused(
            f"`{where}` contains the control character U+{ord(found.group()):04X}; "
            "text may hold tabs, newlines and carriage returns, but no other control characters.",
            node,
        )


def check_value(
    value: Any, type_: GraphQLInputType, where: str, node: Node | None = None, items_max: int = MAX_LIST_ITEMS
) -> None:
    """A variable's value (plain JSON) against its declared type: every list it holds is bounded (by `items_max`
    at this level), and every string it holds is free of control characters."""
    type_ = get_nullable_type(type_)  # type: ignore[assignment]  # graphql-core types it as the wider union
    if isinstance(type_, GraphQLList):
        if isinstance(value, list):
            if len(value) > items_max:
                raise _too_long(where, len(value), node, items_max)
            for index, item in enumerate(value):
                check_value(item, type_.of_type, f"{where}[{index}]", node)
        else:
            check_value(value, type_.of_type, where, node)
    elif isinstance(type_, GraphQLInputObjectType):
        if isinstance(value, dict):
            for name, input_field in type_.fields.items():
                if name in value:
                    check_value(value[name], input_field.type, f"{where}.{name}", node, _items_max(input_field))
    elif isinstance(value, str):
        check_text(value, where, node)


def check_literal(value: ValueNode, type_: GraphQLInputType, where: str, items_max: int = MAX_LIST_ITEMS) -> None:
    """A value written in the document against its argument's type (variables are checked on their own)."""
    type_ = get_nullable_type(type_)  # type: ignore[assignment]  # graphql-core types it as the wider union
    if isinstance(type_, GraphQLList):
        if isinstance(value, ListValueNode):
            if len(value.values) > items_max:
                raise _too_long(where, len(value.values), value, items_max)
            for index, item in enumerate(value.values):
                check_literal(item, type_.of_type, f"{where}[{index}]")
        else:
            check_literal(value, type_.of_type, where)
    elif isinstance(type_, GraphQLInputObjectType):
        if isinstance(value, ObjectValueNode):
            for object_field in value.fields:
                input_field = type_.fields.get(object_field.name.value)
                if input_field is not None:
                    where_field = f"{where}.{object_field.name.value}"
                    check_literal(object_field.value, input_field.type, where_field, _items_max(input_field))
    elif isinstance(value, StringValueNode):
        check_text(value.value, where, value)


def check_variables(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: dict[str, Any]) -> None:
    for definition in operation.variable_definitions or ():
        type_ = type_from_ast(schema, definition.type)
        if type_ is None:
            continue  # an unknown type: validation says so
        name = definition.variable.name.value
        if name in variables:
            # A variable's declared type is an input type (validation refuses others, after this check).
            check_value(variables[name], type_, f"${name}", definition)  # type: ignore[arg-type]  # see above
        elif definition.default_value is not None:
            check_literal(definition.default_value, type_, f"${name}")  # type: ignore[arg-type]  # see above


# --------------------------------------------------------------------------- one pass over the document


@dataclass
class Summary:
    """What a selection set (or a fragment, relative to where it is spread) amounts to."""

    height: int = -1  # the deepest field below this point (0: a field right here); -1 when there is none
    aliases: int = 0
    names: Counter[str] = field(default_factory=Counter)  # response names merged into this selection set
    fixed: int = 0  # cost that does not depend on the list this set sits in
    per_item: int = 0  # cost of list fields here, once per item of the connection around them

    def add(self, other: Summary, offset: int = 0) -> None:
        if other.height >= 0:
            self.height = max(self.height, other.height + offset)
        self.aliases += other.aliases
        self.names.update(other.names)
        self.fixed += other.fixed
        self.per_item += other.per_item


def _argument(node: FieldNode, name: str) -> ValueNode | None:
    for argument in node.arguments or ():
        if argument.name.value == name:
            return argument.value
    return None


class DocumentCheck:
    """The linear pass: fragments are summarised once each, in dependency order."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: dict[str, Any] | None) -> None:
        self.schema = schema
        self.document = document
        self.variables = variables or {}
        self.fragments: dict[str, FragmentDefinitionNode] = {}
        self.summaries: dict[str, Summary] = {}

    # ---- structure: spreads and cycles, without types

    def _spreads(self, selection_set: SelectionSetNode | None) -> list[FragmentSpreadNode]:
        found: list[FragmentSpreadNode] = []
        stack = [selection_set] if selection_set else []
        while stack:
            current = stack.pop()
            for selection in current.selections:
                if isinstance(selection, FragmentSpreadNode):
                    found.append(selection)
                elif isinstance(selection, FieldNode | InlineFragmentNode) and selection.selection_set is not None:
                    stack.append(selection.selection_set)
        return found

    def fragment_order(self) -> list[str]:
        """Fragments so that each comes after every fragment it spreads; refuses cycles and too many spreads."""
        spreads: dict[str, list[FragmentSpreadNode]] = {}
        total = 0
        for definition in self.document.definitions:
            found = self._spreads(getattr(definition, "selection_set", None))
            total += len(found)
            if isinstance(definition, FragmentDefinitionNode):
                self.fragments.setdefault(definition.name.value, definition)
                spreads.setdefault(definition.name.value, found)
        if total > MAX_FRAGMENT_SPREADS:
            raise Refused(f"The document spreads fragments {total} times; at most {MAX_FRAGMENT_SPREADS} are allowed.")

        order: list[str] = []
        state: dict[str, int] = {}  # 1: being visited, 2: done
        for root in spreads:
            if state.get(root):
                continue
            state[root] = 1
            stack: list[tuple[str, Iterator[FragmentSpreadNode]]] = [(root, iter(spreads[root]))]
            while stack:
                name, pending = stack[-1]
                spread = next(pending, None)
                if spread is None:
                    stack.pop()
                    state[name] = 2
                    order.append(name)
                    continue
                target = spread.name.value
                if target not in spreads:
                    continue  # an unknown fragment: validation says so
                if state.get(target) == 1:
                    raise Refused(f'Cannot spread fragment "{target}" within itself.', spread)
                if not state.get(target):
                    state[target] = 1
                    stack.append((target, iter(spreads[target])))
        return order

    # ---- typed summaries

    def _field_def(self, parent: GraphQLNamedType | None, name: str) -> GraphQLField | None:
        if name == "__typename":
            return TypeNameMetaFieldDef
        if parent is None:
            return None
        if parent is self.schema.query_type:
            if name == "__schema":
                return SchemaMetaFieldDef
            if name == "__type":
                return TypeMetaFieldDef
        fields = getattr(parent, "fields", None)
        return fields.get(name) if fields else None

    def _int(self, value: ValueNode | None) -> int | None:
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, VariableNode):
            given = self.variables.get(value.name.value)
            return given if isinstance(given, int) and not isinstance(given, bool) else None
        return None

    def _value(self, value: ValueNode | None) -> Any:
        if isinstance(value, VariableNode):
            return self.variables.get(value.name.value)
        return value

    def page_size(self, node: FieldNode) -> int:
        sizes = [size for name in ("first", "last") if (size := self._int(_argument(node, name))) is not None]
        return min(max(max(sizes), 0), MAX_PAGE_SIZE) if sizes else DEFAULT_PAGE_SIZE

    def searches(self, node: FieldNode) -> bool:
        value = self._value(_argument(node, "filter"))
        if isinstance(value, dict):
            search = value.get("search")
        elif isinstance(value, ObjectValueNode):
            search = next((self._value(f.value) for f in value.fields if f.name.value == "search"), None)
        else:
            return False
        if isinstance(search, StringValueNode):
            search = search.value
        return isinstance(search, str) and bool(search.strip())

    def list_length(self, value: ValueNode | None) -> int | None:
        value = self._value(value)
        if isinstance(value, ListValueNode):
            return len(value.values)
        if isinstance(value, list):
            return len(value)
        return None

    def walk(self, selection_set: SelectionSetNode, parent: GraphQLNamedType | None) -> Summary:
        summary = Summary()
        for selection in selection_set.selections:
            if isinstance(selection, FragmentSpreadNode):
                known = self.summaries.get(selection.name.value)
                if known is not None:
                    summary.add(known)
            elif isinstance(selection, InlineFragmentNode):
                condition = (
                    self.schema.get_type(selection.type_condition.name.value) if selection.type_condition else parent
                )
                summary.add(self.walk(selection.selection_set, condition))
            elif isinstance(selection, FieldNode):
                self._field(selection, parent, summary)
        repeated, times = max(summary.names.items(), key=lambda item: item[1], default=("", 0))
        if times > MAX_REPEATED_SELECTIONS:
            raise Refused(
                f"`{repeated}` is selected {times} times in one selection set; "
                f"at most {MAX_REPEATED_SELECTIONS} are allowed.",
                selection_set,
            )
        return summary

    def _field(self, node: FieldNode, parent: GraphQLNamedType | None, summary: Summary) -> None:
        name = node.name.value
        summary.names[node.alias.value if node.alias else name] += 1
        if node.alias:
            summary.aliases += 1
        definition = self._field_def(parent, name)
        if definition is not None:
            for argument in node.arguments or ():
                argument_def = definition.args.get(argument.name.value)
                if argument_def is not None:
                    check_literal(argument.value, argument_def.type, f"{name}({argument.name.value})")

        connection = definition is not None and ("first" in definition.args or "last" in definition.args)
        own = self.page_size(node) * (SEARCH_COST_FACTOR if self.searches(node) else 1) if connection else 1
        inner = 0
        if node.selection_set is not None:
            child = self.walk(node.selection_set, get_named_type(definition.type) if definition else None)
            inner = child.fixed + (self.page_size(node) if connection else 1) * child.per_item
            if child.height >= 0 and not name.startswith("__"):  # introspection is not held to the depth limit
                summary.height = max(summary.height, child.height + 1)
            summary.aliases += child.aliases
        summary.height = max(summary.height, 0)
        if definition is not None and is_list_type(get_nullable_type(definition.type)):
            ids = self.list_length(_argument(node, "ids"))
            if ids is not None:
                summary.fixed += own + ids * inner
            else:  # resolved once per item of the connection this list belongs to
                summary.fixed += own
                summary.per_item += inner
        else:
            summary.fixed += own + inner

    def run(self, operation: OperationDefinitionNode | None, limits: Limits) -> None:
        if operation is not None:
            check_variables(self.schema, operation, self.variables)
        for name in self.fragment_order():
            fragment = self.fragments[name]
            self.summaries[name] = self.walk(
                fragment.selection_set, self.schema.get_type(fragment.type_condition.name.value)
            )
        roots = {
            OperationType.QUERY: self.schema.query_type,
            OperationType.MUTATION: self.schema.mutation_type,
            OperationType.SUBSCRIPTION: self.schema.subscription_type,
        }
        for definition in self.document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                summary = self.walk(definition.selection_set, roots.get(definition.operation))
                if definition is operation:
                    self.enforce(definition, summary, limits)
            elif isinstance(definition, FragmentDefinitionNode) and self.fragments.get(definition.name.value) is not (
                definition
            ):
                self.walk(definition.selection_set, None)  # a duplicate name: validation says so; still bounded

    @staticmethod
    def enforce(operation: OperationDefinitionNode, summary: Summary, limits: Limits) -> None:
        name = operation.name.value if operation.name else "anonymous"
        if summary.height > limits.depth:
            raise Refused(
                f"'{name}' exceeds maximum operation depth of {limits.depth} (it is {summary.height} deep).",
                operation,
            )
        if summary.aliases > limits.aliases:
            raise Refused(f"'{name}' uses {summary.aliases} aliases; at most {limits.aliases} are allowed.", operation)
        cost = summary.fixed + summary.per_item
        if limits.cost > 0 and cost > limits.cost:
            raise Refused(
                f"'{name}' costs {cost}; the limit is {limits.cost}. Ask for smaller pages (`first`/`last`), "
                "fewer nested connections or fewer searches; the Query type's description says how cost is counted.",
                operation,
            )


def check_document(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: dict[str, Any] | None,
    operation_name: str | None,
    limits: Limits,
) -> GraphQLError | None:
    """The first limit the document breaks, as a client error; None when it keeps them all."""
    try:
        operation = get_operation_ast(document, operation_name)
        DocumentCheck(schema, document, variables).run(operation, limits)
    except Refused as refused:
        return refused.as_error()
    except RecursionError:
        return GraphQLError("The document is nested too deeply.")
    return None


# --------------------------------------------------------------------------- the extension


# Parsed documents are cached only while short (an AST takes about 100 bytes per character of source), and
# validation verdicts only for valid documents (an error keeps its document alive): memory stays bounded
# whatever texts clients send.
_CACHE_MAX_CHARS = 4096


@functools.lru_cache(maxsize=64)
def _parse(query: str, options: tuple[tuple[str, int], ...]) -> DocumentNode:
    given = dict(options)
    return parse(
        query,
        max_lexical_tokens=given.get("max_lexical_tokens"),
        max_comments=given.get("max_comments"),
        max_source_length=given.get("max_source_length"),
    )


class ValidationCache:
    """The documents (one cache per schema) the spec rules found valid: one seen before is not checked again."""

    def __init__(self, maxsize: int = 1024) -> None:
        self.maxsize = maxsize
        self.valid: dict[str, None] = {}  # insertion-ordered: least recently used first

    async def validate(
        self, schema: GraphQLSchema, query: str, document: DocumentNode, rules: Any
    ) -> list[GraphQLError]:
        if self.valid.pop(query, 0) is None:
            self.valid[query] = None
            return []
        if len(query) < _VALIDATE_INLINE_BELOW_CHARS:
            errors = validate_document(schema, document, rules)
        else:
            loop = asyncio.get_running_loop()
            errors = await loop.run_in_executor(_validation_pool, validate_document, schema, document, rules)
        if not errors and len(query) <= _CACHE_MAX_CHARS:
            self.valid[query] = None
            while len(self.valid) > self.maxsize:
                self.valid.pop(next(iter(self.valid)))
        return errors


class DocumentLimits(SchemaExtension):
    """Bounds parsing, checks the limits in one linear pass, then validates (cached per document)."""

    def __init__(self, limits: Limits, cache: ValidationCache) -> None:
        self.limits = limits
        self.cache = cache

    def on_operation(self) -> Iterator[None]:
        self.execution_context.parse_options.update(self.limits.parse_options())  # type: ignore[typeddict-item]  # graphql-core 3.3 parse options Strawberry does not declare
        yield

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is None and context.query and len(context.query) <= _CACHE_MAX_CHARS:
            # On a syntax error Strawberry parses again and reports it as usual.
            with contextlib.suppress(GraphQLError):
                context.graphql_document = _parse(context.query, tuple(sorted(self.limits.parse_options().items())))
        yield

    async def on_validate(self) -> AsyncIterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.pre_execution_errors is None:
            schema = context.schema._schema
            refused = check_document(schema, document, context.variables, context.operation_name, self.limits)
            if refused is not None:
                context.pre_execution_errors = [refused]
            elif context.query:
                context.pre_execution_errors = await self.cache.validate(
                    schema, context.query, document, context.validation_rules
                )
        yield


def document_limits(limits: Limits) -> Callable[[], DocumentLimits]:
    """The extension factory for one schema: a fresh extension per request, one validation cache."""
    cache = ValidationCache()
    return lambda: DocumentLimits(limits, cache)
