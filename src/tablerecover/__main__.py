"""python -m tablerecover: the command line."""
from .cli import main

main()
