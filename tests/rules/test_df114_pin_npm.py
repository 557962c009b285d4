from dfopt.rules.pin_npm import NpmUnpinned as R
from tests.ruletools import findings, only


def test_reports_global_unpinned_package():
    assert "`pm2`" in only(R, "FROM a:1\nRUN npm install -g pm2\n").message


def test_scoped_package_needs_its_own_version():
    assert len(findings(R, "FROM a:1\nRUN npm i @angular/cli\n")) == 1
    assert findings(R, "FROM a:1\nRUN npm i @angular/cli@17\n") == []


def test_bare_install_is_not_concerned():
    assert findings(R, "FROM a:1\nRUN npm install && npm ci\n") == []
