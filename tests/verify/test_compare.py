"""Image config differences, and which applied fix a difference is attributed to."""

from dfopt.verify import Side, VerifyResult
from dfopt.verify.compare import AppliedFix, attribute, config_changes, differences
from dfopt.verify.docker import Build
from dfopt.verify.fsdiff import FsDiff, Group

NO_RECOMMENDS = AppliedFix("DF101", "added --no-install-recommends to apt-get install", safe=False)
APT_LISTS = AppliedFix("DF102", "removed /var/lib/apt/lists in the installing RUN", safe=True)


def test_config_compares_env_as_a_mapping_and_ignores_order():
    a = {"Env": ["A=1", "PATH=/usr/bin"], "User": "node"}
    b = {"Env": ["PATH=/usr/bin", "A=1"], "User": "node"}
    assert config_changes(a, b) == []


def test_config_reports_user_cmd_and_ports():
    a = {"User": "", "Cmd": ["node", "server.js"], "ExposedPorts": {"3000/tcp": {}}}
    b = {"User": "node", "Cmd": ["node", "server.js"], "ExposedPorts": None}
    assert [c.field for c in config_changes(a, b)] == ["user", "exposed ports"]


def test_a_removed_package_is_attributed_to_the_no_install_recommends_fix():
    codes, how = attribute("dpkg removed", [APT_LISTS, NO_RECOMMENDS])
    assert codes == ["DF101"] and "no-install-recommends" in how


def test_a_difference_no_fix_explains_is_attributed_to_the_only_fix_applied():
    codes, how = attribute("files", [APT_LISTS])
    assert codes == ["DF102"] and how == "the only fix applied"


def test_a_difference_no_fix_explains_stays_unattributed_among_several_fixes():
    assert attribute("files", [APT_LISTS, NO_RECOMMENDS]) == ([], "")


def test_env_differences_name_the_variables():
    changes = config_changes({"Env": ["A=1", "B=2"]}, {"Env": ["A=1", "B=3", "C=4"]})
    [d] = differences(None, changes, [])
    assert d.description == "env: B=2 -> B=3; added C=4"


def result_with(differences_, fixes, rewritten_ok=True):
    ok = Build(ok=True, seconds=1.0, image_id="sha256:a")
    new = Build(ok=rewritten_ok, seconds=1.0, image_id="sha256:b" if rewritten_ok else None)
    result = VerifyResult(Side("original", ok), Side("rewritten", new), fixes, fs=FsDiff())
    result.differences = differences_
    return result


def removed_ca_certificates(fixes):
    fs = FsDiff(packages=[Group("ca-certificates", "dpkg", "removed", 160, 250_000, "2025")])
    return differences(fs, [], fixes)


def test_a_difference_caused_by_an_unsafe_fix_is_not_a_safe_violation():
    fixes = [APT_LISTS, NO_RECOMMENDS]
    result = result_with(removed_ca_certificates(fixes), fixes)
    assert result.verdict == "different" and not result.safe_violation


def test_a_difference_caused_by_a_safe_fix_is_a_safe_violation():
    fixes = [AppliedFix("DF101", NO_RECOMMENDS.message, safe=True)]
    assert result_with(removed_ca_certificates(fixes), fixes).safe_violation


def test_an_unexplained_difference_with_only_safe_fixes_is_a_safe_violation():
    fixes = [APT_LISTS, AppliedFix("DF103", "merged RUN instructions", safe=True)]
    diffs = differences(FsDiff(files=[]), config_changes({"User": ""}, {"User": "app"}), fixes)
    assert diffs[0].fixes == [] and result_with(diffs, fixes).safe_violation


def test_caches_alone_are_equivalent():
    result = result_with([], [APT_LISTS])
    result.fs = FsDiff(caches=[Group("apt package lists", "cache", "removed", 9, 20_000_000)])
    assert result.verdict == "equivalent apart from caches" and not result.safe_violation


def test_a_rewrite_that_does_not_build_is_a_violation():
    result = result_with([], [APT_LISTS], rewritten_ok=False)
    assert result.verdict == "the rewritten Dockerfile does not build" and result.safe_violation


def test_many_removed_packages_are_summarised_with_the_biggest_named():
    fs = FsDiff(packages=[Group(f"/app/node_modules/p{i}", "npm", "removed", 1, i * 1000) for i in range(20)])
    [d] = differences(fs, [], [AppliedFix("DF310", "split into deps, build and runtime stages", safe=False)])
    assert d.description.startswith("20 npm packages removed, 190.0 kB; the biggest: /app/node_modules/p19 (19.0 kB)")
    assert d.fixes == ["DF310"] and "devDependencies" in d.how


def test_shell_form_and_exec_form_of_a_plain_command_are_the_same_command():
    [c] = config_changes({"Cmd": ["/bin/sh", "-c", "python3 -m app"]}, {"Cmd": ["python3", "-m", "app"]})
    assert c.same_command and differences(None, [c], []) == []


def test_shell_form_with_shell_syntax_is_not_the_same_as_its_words():
    for command in ("node $APP", "exec node app.js", "PORT=1 node app.js", "a && b"):
        [c] = config_changes({"Cmd": ["/bin/sh", "-c", command]}, {"Cmd": command.split()})
        assert c.same_command is None, command


def test_healthcheck_cmd_shell_and_exec_form_through_sh_are_the_same_command():
    test = "curl -f http://localhost/ || exit 1"
    a = {"Healthcheck": {"Test": ["CMD-SHELL", test], "Interval": 30}}
    b = {"Healthcheck": {"Test": ["CMD", "/bin/sh", "-c", test], "Interval": 30}}
    [c] = config_changes(a, b)
    assert c.same_command
    b["Healthcheck"]["Interval"] = 10
    [c] = config_changes(a, b)
    assert c.same_command is None


def test_a_builtin_through_the_shell_is_not_the_program_of_that_name():
    # dash's echo reads backslash escapes; /bin/echo does not
    [c] = config_changes({"Cmd": ["/bin/sh", "-c", "echo a\\nb"]}, {"Cmd": ["echo", "a\\nb"]})
    assert c.same_command is None


def test_quoted_words_are_read_as_the_shell_reads_them():
    [c] = config_changes({"Cmd": ["/bin/sh", "-c", "node 'my app.js'"]}, {"Cmd": ["node", "my app.js"]})
    assert c.same_command


def test_an_entrypoint_in_exec_form_is_never_only_another_form():
    [c] = config_changes({"Entrypoint": ["/bin/sh", "-c", "node app.js"]}, {"Entrypoint": ["node", "app.js"]})
    assert c.same_command is None


def test_a_cmd_under_an_entrypoint_reaches_it_as_other_arguments():
    before = {"Entrypoint": ["/entry.sh"], "Cmd": ["/bin/sh", "-c", "serve now"]}
    [c] = config_changes(before, {**before, "Cmd": ["serve", "now"]})
    assert c.same_command is None


def test_the_node_entrypoint_runs_a_node_command_in_either_form():
    before = {"Entrypoint": ["docker-entrypoint.sh"], "Cmd": ["/bin/sh", "-c", "node server.js"]}
    [c] = config_changes(before, {**before, "Cmd": ["node", "server.js"]})
    assert c.same_command
    before = {"Entrypoint": ["docker-entrypoint.sh"], "Cmd": ["/bin/sh", "-c", "server.js"]}
    [c] = config_changes(before, {**before, "Cmd": ["server.js"]})
    assert c.same_command is None


def test_a_script_through_the_shell_is_not_taken_for_its_exec_form():
    [c] = config_changes({"Cmd": ["/bin/sh", "-c", "./start.sh"]}, {"Cmd": ["./start.sh"]})
    assert c.same_command is None
