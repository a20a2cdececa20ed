"""What the API returns and the pages show: one function per view, shared by both (JSON twins)."""
