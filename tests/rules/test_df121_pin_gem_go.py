from dfopt.rules.pin_gem_go import GemGoUnpinned as R
from tests.ruletools import findings


def test_reports_unpinned_gem_and_go():
    assert len(findings(R, "FROM a:1\nRUN gem install bundler && go install golang.org/x/tools/gopls\n")) == 2


def test_versions_pass():
    assert findings(R, "FROM a:1\nRUN gem install bundler:2.5 && gem install rake -v 13\n") == []
    assert findings(R, "FROM a:1\nRUN go install golang.org/x/tools/gopls@v0.16.1 && go install ./cmd/app\n") == []
