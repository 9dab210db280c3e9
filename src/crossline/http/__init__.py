"""Request plumbing shared by the two HTTP faces (the REST API and the web app): who is
asking (token or session), CSRF, permission checks, the audit helper and the partner gate."""
