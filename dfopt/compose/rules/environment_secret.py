"""## What it does
Checks `environment:` for literal values of variables named like secrets (`*PASSWORD*`, `*SECRET*`,
`*TOKEN*`, `*API_KEY*`, ...) and for URLs with a password in them.

## Why is this bad?
compose.yaml is committed and shared: a literal secret ends up in version control, in CI logs of
`docker compose config`, and in every copy of the repository.

## Example
```yaml
services:
  db:
    image: postgres:17
    environment:
      POSTGRES_PASSWORD: hunter2
```

## Use instead
Take the value from `.env` (kept out of version control), or use a secret file:
```yaml
    environment:
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}
```

## Fix safety
No fix: the value has to move to `.env` or a secret store, which is outside this file.

## References
- [Compose docs: interpolation and .env](https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/)
- [Compose docs: secrets](https://docs.docker.com/compose/how-tos/use-secrets/)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dfopt.compose.fields import environment
from dfopt.compose.model import ComposeFile
from dfopt.compose.rule import ComposeRule
from dfopt.findings import Finding, Severity

_SECRET_WORDS = {"PASSWORD", "PASSWD", "PASS", "PWD", "SECRET", "TOKEN", "APIKEY", "CREDENTIALS"}
_KEY_OWNERS = {"API", "ACCESS", "SECRET", "PRIVATE", "SIGNING", "ENCRYPTION", "MASTER"}
# Names that hold where or how a secret is read, not the secret itself.
_NOT_A_SECRET = {"FILE", "PATH", "DIR", "LENGTH", "METHOD", "POLICY", "ENABLED", "EXPIRY", "TTL"}
_HARMLESS = {"", "yes", "no", "true", "false", "on", "off", "0", "1", "changeme", "change-me"}
_URL_PASSWORD = re.compile(r"://[^/\s:@]+:([^@\s/]+)@")


def _secret_name(name: str) -> bool:
    words = [w for w in re.split(r"[^A-Z0-9]+", name.upper()) if w]
    if not words or words[-1] in _NOT_A_SECRET or "ALLOW" in words or "RANDOM" in words:
        return False
    pairs = zip(words, words[1:])
    return any(w in _SECRET_WORDS for w in words) or any(a in _KEY_OWNERS and b == "KEY" for a, b in pairs)


def _literal(value: str) -> bool:
    """A value written in the file, not one taken from the environment at run time."""
    return value.strip().lower() not in _HARMLESS and not re.fullmatch(r"\$\{[^}]*\}|\$\w+", value.strip())


class EnvironmentSecret(ComposeRule):
    code = "DC107"
    title = "secret literal in `environment:`"
    severity = Severity.WARNING

    def check(self, compose: ComposeFile) -> Iterator[Finding]:
        for service in compose.services:
            for var in environment(service):
                if var.value is None:
                    continue
                url = _URL_PASSWORD.search(var.value)
                if _secret_name(var.name) and _literal(var.value):
                    what = f"`{var.name}` is set to a literal value"
                elif url and _literal(url.group(1)):
                    what = f"`{var.name}` holds a URL with a literal password"
                else:
                    continue
                yield self.report(
                    compose,
                    var.node,
                    f"{what} in `{service.name}`; take it from .env (`${{{var.name}}}`) or a secret",
                    no_fix_reason="the value has to move to .env or a secret store, outside this file",
                )
