"""Response models of the REST API, one module per area, so the OpenAPI document says
what every route answers and the schema tests can hold the answers to it.

Models are open (``extra="allow"``): adding a field is never a breaking change, but
every documented field must be present with its documented type.
"""
