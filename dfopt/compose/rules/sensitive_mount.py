"""## What it does
Checks for a bind mount of a host path that gives the container the host: `/`, `/etc`, `/root`,
`/boot`, `/proc`, `/sys`, `/dev`, `/var/lib/docker`, `/var/lib/containerd`, the host's binary and
kernel-module folders, or the whole of `/usr`, `/lib`, `/var/lib`, `/run`.

## Why is this bad?
Writable, these are root on the host: a changed `/etc/passwd` or cron file, a replaced binary, a
new kernel module, another container's data. Read-only they still disclose the host's secrets
(`/etc/shadow`, `/root/.ssh`, other containers' files) and kernel interfaces. The Docker socket is
DC109's; `/etc/localtime` and `/etc/timezone`, read by many images for the clock, are left alone.

## Example
```yaml
services:
  backup:
    image: example/backup:2.3
    volumes:
      - /:/host
```

## Use instead
Mount the one folder the service works on, read-only where it only reads:
```yaml
    volumes:
      - /srv/app-data:/data:ro
```

## Fix safety
No fix: which part of the host the service needs is not in the file.

## References
- [OWASP Docker security cheat sheet](https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html)
- CIS Docker Benchmark 5.5: ensure sensitive host system directories are not mounted on containers
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from dfopt.compose.fields import mounts
from dfopt.compose.model import ComposeFile
from dfopt.compose.rule import ComposeRule
from dfopt.findings import Finding, Severity

# The folder and everything below it.
_TREES = ("/etc", "/root", "/boot", "/proc", "/sys", "/dev", "/var/lib/docker", "/var/lib/containerd",
          "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin", "/bin", "/sbin", "/lib/modules",
          "/usr/lib/modules")
# Only the folder itself: below it are ordinary places (/usr/share/..., /var/lib/app, /run/user).
_EXACT = ("/", "/usr", "/usr/lib", "/lib", "/lib64", "/var/lib", "/run", "/var/run", "/var", "/home")
_HARMLESS = {"/etc/localtime", "/etc/timezone", "/var/run/docker.sock", "/run/docker.sock", "/dev/null",
             "/dev/zero", "/dev/random", "/dev/urandom", "/dev/shm"}


def sensitive(source: str) -> str | None:
    """The sensitive host folder a bind-mount source lands on, or None."""
    if not source.startswith("/"):
        return None
    path = posixpath.normpath(source)
    path = "/" if path == "//" else path
    if path in _HARMLESS:
        return None
    if path in _EXACT:
        return path
    return next((tree for tree in _TREES if path == tree or path.startswith(tree + "/")), None)


class SensitiveHostMount(ComposeRule):
    code = "DC118"
    title = "sensitive host path mounted"
    severity = Severity.WARNING

    def check(self, compose: ComposeFile) -> Iterator[Finding]:
        for service in compose.services:
            for mount in mounts(service):
                folder = sensitive(mount.source or "") if mount.kind == "bind" else None
                if folder is None:
                    continue
                yield self.report(
                    compose,
                    mount.node,
                    f"`{service.name}` mounts the host's {mount.source}: "
                    + ("the host's root filesystem" if folder == "/" else f"inside {folder}, host territory")
                    + "; mount only the folder it works on",
                    no_fix_reason="which part of the host the service needs is not in the file",
                )
