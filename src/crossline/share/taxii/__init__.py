"""TAXII 2.1 server: discovery, API root, one collection per sharing agreement, objects,
manifest, versions and status, mounted at ``/taxii2/`` in the node's HTTP app."""
