"""Accounts: the User node; register, login, viewerUpdate, passwordChange."""

from __future__ import annotations

from tests.support import LONG, PASSWORD, Api, AreaCases, MutationCases, invalid_request, user_errors


async def user(api: Api, token: str) -> str:
    return (await api.data("{ viewer { id } }", token=token))["viewer"]["id"]


CASES = AreaCases(
    nodes={"User": user},
    mutations=[
        MutationCases(
            "register",
            "RegisterInput!",
            "user { id }",
            lambda o: [
                *user_errors(
                    {"email": "", "password": ""},
                    {"email": "not-an-email", "password": "short"},
                    {"email": "ok@example.com", "password": PASSWORD, "firstName": LONG},
                ),
                *invalid_request(
                    {"email": None, "password": None},
                    {},
                    {"email": "nul\u0000@example.com", "password": PASSWORD},  # control characters: at the edge
                ),
            ],
        ),
        MutationCases(
            "login",
            "LoginInput!",
            "token",
            lambda o: [
                *user_errors(
                    {"email": "", "password": ""},
                    {"email": "nobody@example.com", "password": "wrong"},
                    {"email": "x" * 10_000, "password": "x" * 10_000},
                ),
                *invalid_request({"email": None, "password": ""}, {"email": "ok@example.com", "password": "\u0000"}),
            ],
        ),
        MutationCases(
            "viewerUpdate",
            "ViewerUpdateInput!",
            "user { id }",
            lambda o: [
                *user_errors({"language": None}, {"firstName": LONG, "lastName": LONG, "artistName": LONG}),
                *invalid_request({"language": "KLINGON"}, None, {"artistName": "\u001b[31m"}),
            ],
        ),
        MutationCases(
            "passwordChange",
            "PasswordChangeInput!",
            "token",
            lambda o: [
                *user_errors(
                    {"currentPassword": "", "newPassword": ""},
                    {"currentPassword": "wrong", "newPassword": "correct horse battery 2"},
                    {"currentPassword": PASSWORD, "newPassword": "short"},
                ),
                *invalid_request(
                    {"currentPassword": None, "newPassword": None},
                    {"currentPassword": "\u0000", "newPassword": PASSWORD},
                ),
            ],
        ),
    ],
)
