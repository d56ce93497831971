"""Which models a user may pick, which one is the default, and how much context each gets.

One place for these rules, so `models(provider)`, a new conversation and template generation agree."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from domain.common.errors import DomainError, ErrorCode
from domain.common.pagination import SortDirection
from domain.common.provider_errors import ProviderError
from domain.llm.ports import ChatProvider, Provider


@dataclass(frozen=True)
class ModelPolicy:
    """A provider's models as the operator configured them."""

    default_model: str
    # Offered models, in this order; empty: everything the provider lists.
    allowed: tuple[str, ...] = ()
    # The most context sent to the model (Ollama allocates all of it up front); None: no cap.
    max_context: int | None = None


@dataclass(frozen=True)
class CatalogueModel:
    name: str
    context_window: int
    is_default: bool


class ModelOrderField(StrEnum):
    OFFERED = "OFFERED"  # as the operator lists them (OPENAI_CHAT_MODELS, OLLAMA_CHAT_MODELS), else by name
    NAME = "NAME"
    CONTEXT_WINDOW = "CONTEXT_WINDOW"


@dataclass(frozen=True)
class ModelList:
    models: list[CatalogueModel]
    # False when the provider's list could not be read and the configured list stands in for it.
    from_provider: bool


def ordered_models(
    models: list[CatalogueModel], order_by: ModelOrderField, direction: SortDirection
) -> list[tuple[tuple[str, ...], CatalogueModel]]:
    """The models in that order, each with its place in it as the strings a cursor keeps (the sort value, then
    the name, which is unique)."""

    def key(index: int, model: CatalogueModel) -> tuple[str, ...]:
        if order_by is ModelOrderField.NAME:
            return (model.name,)
        value = model.context_window if order_by is ModelOrderField.CONTEXT_WINDOW else index
        return (f"{value:012d}", model.name)  # zero-padded: numbers that compare as strings

    keyed = [(key(i, m), m) for i, m in enumerate(models)]
    return sorted(keyed, key=lambda item: item[0], reverse=direction is SortDirection.DESC)


@dataclass
class ModelCatalogue:
    providers: Mapping[Provider, ChatProvider]
    policies: Mapping[Provider, ModelPolicy]
    default_context_window: int = 8192

    def _window(self, provider: Provider, reported: int | None) -> int:
        window = reported or self.default_context_window
        cap = self.policies[provider].max_context
        return min(window, cap) if cap else window

    async def context_window(self, provider: Provider, model: str) -> int:
        """The window a conversation with this model gets: the provider's figure, capped by policy."""
        try:
            reported = await self.providers[provider].context_window(model)
        except ProviderError:
            reported = None
        return self._window(provider, reported)

    async def models(self, provider: Provider) -> ModelList:
        """The models offered. When the provider's list cannot be read, the configured allow-list
        stands in (when there is one); otherwise the provider's error propagates."""
        policy = self.policies[provider]
        try:
            found = await self.providers[provider].list_models()
        except ProviderError:
            if not policy.allowed:
                raise
            windows = {name: await self.context_window(provider, name) for name in policy.allowed}
            models = [CatalogueModel(n, windows[n], n == policy.default_model) for n in policy.allowed]
            return ModelList(models, from_provider=False)
        by_name = {m.name: m for m in found}
        names = [n for n in policy.allowed if n in by_name] if policy.allowed else sorted(by_name)
        models = [
            CatalogueModel(n, self._window(provider, by_name[n].context_window), n == policy.default_model)
            for n in names
        ]
        return ModelList(models, from_provider=True)

    async def check_offered(self, provider: Provider, model: str, *field: str) -> None:
        """A user error when the model is not offered. When the list cannot be read at all, the model
        is accepted (a provider that is down now may be up when the first message is sent)."""
        try:
            offered = await self.models(provider)
        except ProviderError:
            return
        if model not in {m.name for m in offered.models}:
            names = ", ".join(m.name for m in offered.models[:10]) or "none"
            raise DomainError.single(
                ErrorCode.NOT_FOUND,
                f"{provider.label} does not offer the model {model!r} (offered: {names}).",
                *field,
            )
