"""The command line: parse arguments, pick a front end, map errors to exit codes.

The top layer: it may import every other part.
"""
