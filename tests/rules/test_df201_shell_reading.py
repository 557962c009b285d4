"""DF201 reads RUN bodies through the shared shell analysis: statements, plain chains, words."""

from __future__ import annotations

from pathlib import Path

from dfopt.context import for_dockerfile
from dfopt.fixer import check
from dfopt.rules.dependency_first import DependencyFirstCopy
from dfopt.syntax import parse

NPM = Path(__file__).resolve().parents[1] / "fixtures" / "dependency_first" / "npm" / "Dockerfile"


def finding_for(run: str, shell: str = ""):
    text = f"FROM node:20\n{shell}WORKDIR /app\nCOPY . .\nRUN {run}\n"
    findings = check(parse(text), [DependencyFirstCopy], "Dockerfile", for_dockerfile(str(NPM)))
    return findings[0] if findings else None


def test_an_install_under_a_non_posix_shell_is_still_moved():
    finding = finding_for("npm ci", 'SHELL ["powershell", "-Command"]\n')
    assert finding is not None and finding.fix is not None


def test_a_negated_install_is_not_taken_for_an_install():
    assert finding_for("! npm ci") is None


def test_a_test_before_the_install_keeps_the_run_from_being_split():
    finding = finding_for("[ -f package.json ] && npm ci && npm run build")
    assert finding.fix is None and "`[ -f package.json ]`" in finding.no_fix_reason


def test_a_pipeline_after_the_install_is_not_a_plain_chain():
    finding = finding_for("npm ci && npm run build | tee log")
    assert finding.fix is None and "plain `&&` chain" in finding.no_fix_reason


def test_quoted_expansions_in_a_cd_before_the_install_are_read_as_written():
    finding = finding_for('cd "$APP" && npm ci')
    assert finding.fix is None and finding.no_fix_reason.startswith("$APP/package.json ")
