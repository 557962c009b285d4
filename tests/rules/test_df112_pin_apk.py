from dfopt.rules.pin_apk import ApkUnpinned as R
from tests.ruletools import findings, only


def test_reports_unpinned_packages():
    assert "`curl`" in only(R, "FROM a:1\nRUN apk add --no-cache curl\n").message


def test_virtual_name_and_pinned_packages_pass():
    assert findings(R, "FROM a:1\nRUN apk add --no-cache --virtual .deps gcc=13.2 musl-dev~1.2\n") == []
