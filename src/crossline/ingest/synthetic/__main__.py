"""``python -m crossline.ingest.synthetic DIR [SEED]``."""

from crossline.ingest.synthetic import main

raise SystemExit(main())
