"""## What it does
Checks for `links:`, a legacy option.

## Why is this bad?
Services on a common network already reach each other by service name; `links:` adds nothing but a
start order and aliases, predates user-defined networks, and ties services together in ways that
make networks harder to reason about.

## Example
```yaml
services:
  app:
    build: .
    links:
      - db
  db:
    image: postgres:17
```

## Use instead
```yaml
services:
  app:
    build: .
    depends_on:
      - db
  db:
    image: postgres:17
```

## Why this is safe
Compose puts every service of the project on one network, where each is reachable by its service
name; on that network a link without an alias adds nothing to name resolution and, unlike links
on Docker's legacy bridge, sets no environment variables. What it still does is start the linked
service first (`up`, `run`), and `depends_on:` with the same names does exactly that.

## When dfopt refuses
- An entry has an alias (`db:database`): the alias would stop resolving; no fix.
- The service already has `depends_on:`: the two lists would need merging by hand; no fix.
- The service or a linked one sets `networks:` or `network_mode:`, or a linked name is not a
  service of this file: the name may resolve only through the link; the fix is unsafe.
- `links:` comes from an anchor or shares its lines with other keys: no fix.

## Fix safety
The fix renames `links:` to `depends_on:`, which keeps the start order, when every entry is a plain
service name (no `service:alias`) and the service has no `depends_on:` yet. It is safe when the
service and every linked one are on the default network (names resolve there as before), unsafe
otherwise, since a name reachable only through the link would stop resolving.

## References
- [Compose file reference: links](https://docs.docker.com/reference/compose-file/services/#links)
- [Compose docs: networking](https://docs.docker.com/compose/how-tos/networking/)
"""

from __future__ import annotations

from collections.abc import Iterator

from dfopt.compose.model import ComposeFile, Service, items, scalar
from dfopt.compose.rule import ComposeRule
from dfopt.findings import Applicability, Edit, Finding, Fix, Severity


def _fix(compose: ComposeFile, service: Service) -> Fix | None:
    entry = service.fields["links"]
    names = [scalar(node) for node in items(entry.value)]
    if not names or any(n is None or ":" in n for n in names) or "depends_on" in service.fields:
        return None
    if not compose.editable(entry):
        return None
    by_name = {s.name: s for s in compose.services}
    default_only = all(
        s is not None and s.get("networks") is None and s.get("network_mode") is None
        for s in [service, *(by_name.get(n) for n in names)]
    )
    key = entry.key
    return Fix(
        (Edit(key.start_mark.index, key.end_mark.index, "depends_on"),),
        Applicability.SAFE if default_only else Applicability.UNSAFE,
        "replaced `links:` with `depends_on:`",
    )


class Links(ComposeRule):
    code = "DC106"
    title = "legacy `links:`"
    severity = Severity.INFO
    fix_safety = Applicability.SAFE

    def check(self, compose: ComposeFile) -> Iterator[Finding]:
        for service in compose.services:
            if "links" not in service.fields:
                continue
            yield self.report(
                compose,
                service.fields["links"].key,
                f"`{service.name}` uses legacy `links:`; services on a shared network reach each other by "
                "name, and `depends_on:` sets the start order",
                fix=_fix(compose, service),
                no_fix_reason="link aliases, an existing `depends_on:` or a shared entry need a manual change",
            )
