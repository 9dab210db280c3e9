"""``python -m crossline`` runs the ``crossline`` command."""

from crossline.cli import main

main()
