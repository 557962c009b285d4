"""DF401 and DF202 offer only unsafe fixes: the safe rewrite leaves their findings alone
(`after == before`), because each fix changes the image or the build."""

from __future__ import annotations

import pytest

from dfopt.context import BuildContext
from dfopt.findings import Applicability
from dfopt.fixer import check, fix_text
from dfopt.rules.frozen_lockfile import FrozenLockfileInstall
from dfopt.rules.maintainer import MaintainerDeprecated
from dfopt.syntax import parse


def test_maintainer_to_label_changes_the_image_author_field_so_it_is_unsafe():
    # MAINTAINER sets the config's Author; the label leaves Author empty and adds a label.
    before = "FROM debian:bookworm-slim\nMAINTAINER Jane <jane@example.com>\n"
    (finding,) = check(parse(before), [MaintainerDeprecated])
    assert finding.fix.applicability is Applicability.UNSAFE
    assert fix_text(before, [MaintainerDeprecated]).text == before
    assert "org.opencontainers.image.authors" in fix_text(before, [MaintainerDeprecated], unsafe=True).text


@pytest.mark.parametrize(("lock", "line"), [("package-lock.json", "RUN npm install"),
                                            ("yarn.lock", "RUN yarn install"),
                                            ("pnpm-lock.yaml", "RUN pnpm install")])
def test_frozen_install_fails_the_build_on_a_stale_lock_file_so_it_is_unsafe(tmp_path, lock, line):
    # A lock file out of date with package.json: `npm install` updates it, `npm ci` stops the build.
    (tmp_path / "package.json").write_text('{"name": "a", "dependencies": {"left-pad": "^1.3.0"}}')
    (tmp_path / lock).write_text("{}\n")
    ctx = BuildContext.from_dir(tmp_path)
    before = f"FROM node:20-bookworm-slim\nWORKDIR /app\nCOPY package.json {lock} ./\n{line}\n"
    (finding,) = check(parse(before), [FrozenLockfileInstall], build_context=ctx)
    assert finding.fix.applicability is Applicability.UNSAFE
    assert fix_text(before, [FrozenLockfileInstall], build_context=ctx).text == before
