from dfopt.rules.secret_in_env import SecretInArgOrEnv as R
from tests.ruletools import findings


def test_reports_secret_names():
    text = "FROM a:1\nARG NPM_TOKEN\nENV DB_PASSWORD=x\nENV API_KEY abc\nENV A=1 AWS_SECRET_ACCESS_KEY=2\n"
    assert len(findings(R, text)) == 4


def test_plain_names_pass():
    assert findings(R, "FROM a:1\nARG VERSION=1\nENV PATH=/x:$PATH NODE_ENV=production\n") == []
