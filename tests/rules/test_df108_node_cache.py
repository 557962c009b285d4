from dfopt.findings import Applicability
from dfopt.rules.node_cache import NodeCacheLeftInImage as R
from ruletools import codes, fixed, only


def test_catches_global_npm_installs_and_yarn_installs():
    assert codes(R, "FROM n\nRUN npm install -g pm2\nRUN yarn global add serve\nRUN yarn\n") == ["DF108"] * 3


def test_ignores_project_npm_installs_and_cleaned_caches():
    assert codes(R, "FROM n\nRUN npm ci\n") == []
    assert codes(R, "FROM n\nRUN npm i -g x && npm cache clean --force\n") == []
    assert codes(R, "FROM n\nRUN --mount=type=cache,target=/root/.npm npm i -g x\n") == []


def test_global_install_fix_is_safe():
    assert fixed(R, "FROM n\nRUN npm install -g pm2\n") == "FROM n\nRUN npm install -g pm2 && npm cache clean --force\n"


def test_plain_yarn_install_fix_is_unsafe_because_of_plug_n_play():
    f = only(R, "FROM n\nRUN yarn install\n")
    assert f.fix.applicability is Applicability.UNSAFE
    assert fixed(R, "FROM n\nRUN yarn install\n") == "FROM n\nRUN yarn install\n"
    assert fixed(R, "FROM n\nRUN yarn install\n", unsafe=True) == "FROM n\nRUN yarn install && yarn cache clean\n"


def test_frozen_lockfile_marks_yarn_classic_and_is_safe_in_a_known_context(tmp_path):
    from dfopt.context import BuildContext
    from dfopt.fixer import fix_text
    text = "FROM n\nRUN yarn install --frozen-lockfile\n"
    assert fix_text(text, [R], build_context=BuildContext.from_dir(tmp_path)).text.endswith("&& yarn cache clean\n")


def test_refuses_under_yarn_berry():
    f = only(R, "FROM n\nRUN corepack enable\nRUN yarn install --immutable\n")
    assert f.fix is None and "Yarn 2+" in f.no_fix_reason
