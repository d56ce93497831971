"""Exit codes and the one error type commands raise; `main` prints the message and exits with the code."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED = 1  # some files failed, or the server failed
EXIT_USAGE = 2  # Click's own code for bad options and arguments
EXIT_AUTH = 3  # not signed in, session expired, wrong password
EXIT_NOT_FOUND = 4  # no such project or folder, or a name that matches several
EXIT_UNREACHABLE = 5  # the server cannot be reached, or its TLS certificate is not trusted
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as shells report it); a rerun continues


class CliError(Exception):
    """A failure to report to the user as one message, with the exit code that classifies it."""

    def __init__(self, message: str, exit_code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
