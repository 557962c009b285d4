"""Detection: what a project in a build context is made of (node.py, python.py, go.py): language,
package manager, versions, entry point, port.

Detection reads files and returns plain data; the generators (dfopt.scaffold) and the rules decide
what to do with it, and detection knows nothing of templates. Every value that comes from the
project is checked with values.py, and dropped with a note when it is not something a Dockerfile
can carry safely.
"""


def is_node_image(image: str) -> bool:
    """Whether a FROM image is the official node image (any tag or digest, from any registry or
    mirror that keeps the official name)."""
    return is_official_image(image, "node")


def is_official_image(image: str, official: str) -> bool:
    """Whether a FROM image is the official image `official` (node, python, golang), by any tag."""
    name = image.split("@")[0]
    if ":" in name.split("/")[-1]:
        name = name.rsplit(":", 1)[0]
    parts = name.split("/")
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        parts = parts[1:]  # a registry host in front
    if parts[:1] == ["library"]:
        parts = parts[1:]
    return parts == [official]
