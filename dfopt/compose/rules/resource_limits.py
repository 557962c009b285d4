"""## What it does
Checks for a service without a memory limit or without a CPU limit (`mem_limit`/`cpus`, or
`deploy.resources.limits`).

## Why is this bad?
Docker sets no limit by default: one service with a memory leak or a busy loop takes the host's
memory or CPU from every other service, and the kernel's OOM killer may pick the database. A limit
turns that into a restart of the one service that misbehaves.

## Example
```yaml
services:
  api:
    image: example/api:1.4
```

## Use instead
```yaml
services:
  api:
    image: example/api:1.4
    mem_limit: ${API_MEMORY_LIMIT:-512m}
    cpus: ${API_CPU_LIMIT:-1.0}
```

## Fix safety
The fix adds the missing limit(s) as `mem_limit` and `cpus`, with a default (512m, one CPU) that
`.env` can change through a variable named after the service. It is unsafe: a service that needs
more memory than the default is killed and restarted, one that needs more CPU slows down. No fix
is offered for a service that comes from an anchor, nor where a limit is written as 0 or empty
(Compose refuses a second, different value for the same limit: change it where it is written).

## References
- [Compose file reference: mem_limit, cpus](https://docs.docker.com/reference/compose-file/services/#mem_limit)
- [OWASP Docker security cheat sheet, rule 7](https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html)
- CIS Docker Benchmark 5.10 and 5.11: memory and CPU limits
"""

from __future__ import annotations

from collections.abc import Iterator

from dfopt.compose.edits import add_to_service, env_name
from dfopt.compose.fields import limits
from dfopt.compose.model import ComposeFile, Service, scalar
from dfopt.compose.rule import ComposeRule
from dfopt.findings import Applicability, Finding, Fix, Severity

DEFAULT_MEMORY, DEFAULT_CPUS = "512m", "1.0"


def _set(node) -> bool:
    """A limit that bounds something: present, not empty, not zero (Docker reads 0 as none)."""
    if node is None:
        return False
    text = scalar(node)
    if text is None:
        return True  # a mapping or list: not ours to judge
    value = text.strip()
    if value.startswith("$"):
        if ":-" not in value and "-" not in value:
            return True  # decided by the environment
        value = value.split("-", 1)[1].rstrip("}").strip()  # the default the file ships with
    number = value.lower().rstrip("bkmgtpi ")
    try:
        return float(number) > 0
    except ValueError:
        return bool(value)


class NoResourceLimits(ComposeRule):
    code = "DC115"
    title = "no memory or CPU limit"
    severity = Severity.INFO
    fix_safety = Applicability.UNSAFE

    def check(self, compose: ComposeFile) -> Iterator[Finding]:
        for service in compose.services:
            deploy_limits = limits(service)
            memory = _set(service.get("mem_limit")) or _set(deploy_limits.get("memory"))
            cpu = any(_set(service.get(k)) for k in ("cpus", "cpu_quota")) or _set(deploy_limits.get("cpus"))
            if memory and cpu:
                continue
            missing = [what for what, ok in (("memory", memory), ("CPU", cpu)) if not ok]
            # A zero written in the file is a choice to change there: Compose refuses a second,
            # different value for the same limit.
            zeroed = (not memory and ("mem_limit" in service.fields or "memory" in deploy_limits)) or (
                not cpu and ("cpus" in service.fields or "cpu_quota" in service.fields or "cpus" in deploy_limits))
            yield self.report(
                compose,
                service.key,
                f"`{service.name}` has no {' and no '.join(missing)} limit: it can starve every other "
                "service on the host",
                fix=None if zeroed else _fix(compose, service, memory, cpu),
                no_fix_reason="a limit is written as 0 or empty; set it where it is written"
                if zeroed else "the service comes from an anchor or ends in a way dfopt does not edit, or an override "
                "file shapes it too",
            )


def _fix(compose: ComposeFile, service: Service, memory: bool, cpu: bool) -> Fix | None:
    prefix = env_name(service)
    lines = [] if memory else [f"mem_limit: ${{{prefix}_MEMORY_LIMIT:-{DEFAULT_MEMORY}}}"]
    lines += [] if cpu else [f"cpus: ${{{prefix}_CPU_LIMIT:-{DEFAULT_CPUS}}}"]
    edit = add_to_service(compose, service, lines)
    return Fix((edit,), Applicability.UNSAFE, f"limited `{service.name}` (change it in .env)") if edit else None
