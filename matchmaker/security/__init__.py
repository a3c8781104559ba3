"""Who is asking (bearer tokens) and what they may do (access policies)."""
