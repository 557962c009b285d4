"""What a project in a build context is made of: language, package manager, versions, entry point.

Detection reads files and returns plain data; generators and rules decide what to do with it.
Every value that comes from the project is validated here, and dropped with a note when it is not
something a Dockerfile can carry safely.
"""


def is_node_image(image: str) -> bool:
    """Whether a FROM image is the official node image (any tag or digest)."""
    name = image.split("@")[0].rsplit(":", 1)[0] if ":" in image.split("/")[-1] else image.split("@")[0]
    return name in ("node", "library/node", "docker.io/library/node", "docker.io/node")
