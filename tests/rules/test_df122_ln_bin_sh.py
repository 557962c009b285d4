from dfopt.rules.ln_bin_sh import LinkOverBinSh as R
from tests.ruletools import findings


def test_reports_a_link_over_bin_sh():
    assert len(findings(R, "FROM a:1\nRUN rm /bin/sh && ln -s /bin/bash /bin/sh\n")) == 1


def test_other_links_pass():
    assert findings(R, "FROM a:1\nRUN ln -s /bin/sh /usr/local/bin/sh\n") == []
