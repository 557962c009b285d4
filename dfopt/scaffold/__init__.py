"""Generation: Dockerfiles, .dockerignore and compose files from the Jinja templates, for `dfopt
new` (node.py, python_go.py), `dfopt compose new` (compose.py), and the stage split of rule DF310
(split.py shared by node_split.py and python_go_split.py; split_rule.py). Detection (what a project is, dfopt.project) sits below and knows
nothing of templates."""
