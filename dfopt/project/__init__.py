"""What a project in a build context is made of: language, package manager, versions, entry point.

Detection reads files and returns plain data; generators and rules decide what to do with it.
Every value that comes from the project is validated here, and dropped with a note when it is not
something a Dockerfile can carry safely.
"""
